#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A C signal handler, as `sigaction` takes it.
typealias SignalHandler = @convention(c) (Int32) -> Void

/// Installs `handler` for `signal` with `sigaction` and returns the action it replaced.
@discardableResult
func installSignalHandler(_ signal: Int32, _ handler: SignalHandler, flags: Int32) -> sigaction {
    var action = sigaction()
    #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
    #else
        action.__sigaction_u.__sa_handler = handler
    #endif
    action.sa_flags = flags
    sigemptyset(&action.sa_mask)
    var previous = sigaction()
    _ = sigaction(signal, &action, &previous)
    return previous
}

/// Puts back an action saved by `installSignalHandler`.
func restoreSignalAction(_ signal: Int32, _ saved: sigaction) {
    var saved = saved
    _ = sigaction(signal, &saved, nil)
}

/// Whether `signal` is currently ignored (`SIG_IGN`), as under `nohup` for SIGHUP.
func isSignalIgnored(_ signal: Int32) -> Bool {
    var current = sigaction()
    guard sigaction(signal, nil, &current) == 0 else { return false }
    #if canImport(Glibc)
        let handler = current.__sigaction_handler.sa_handler
    #else
        let handler = current.__sigaction_u.__sa_handler
    #endif
    return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
}
