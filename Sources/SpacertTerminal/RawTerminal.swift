#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why `RawTerminal.enter` could not switch the terminal to raw mode.
public enum RawTerminalError: Error, Sendable, Hashable {
    /// The input descriptor is not a terminal (for example a pipe); use the plain line mode.
    case notATerminal
    /// Another `RawTerminal` is already in raw mode; the terminal is one per process.
    case alreadyActive
    /// `tcsetattr` failed with this `errno`.
    case cannotConfigure(errno: Int32)
}

/// Owns a terminal's saved settings while it is in raw mode, and always puts them back.
///
/// `enter()` turns off line editing, echo and signal keys (Ctrl-C arrives as a key), flow control
/// and CR-to-LF translation, keeps output processing on (so `"\n"` still returns the carriage), and
/// can hide the cursor and switch to the alternate screen. `restore()` undoes all of it and may be
/// called any number of times; it also runs at `deinit`, at `exit()` (an `atexit` guard), and on
/// SIGTERM, SIGHUP, SIGQUIT and SIGINT (sent by `kill`; Ctrl-C itself is a key while raw), whose
/// handler restores the settings with `tcsetattr` and `write` only and then re-raises the signal
/// with its default action. A signal that was ignored when `enter()` ran (SIGHUP under `nohup`)
/// stays ignored. The previous handlers come back at `restore()`.
///
/// It is a class because it owns process-wide state (the terminal's settings) that must be restored
/// exactly once. Use it from one thread.
public final class RawTerminal {
    /// The terminal descriptor whose settings are changed (usually standard input).
    public let inputDescriptor: Int32
    /// Where cursor and screen sequences are written (usually standard output).
    public let outputDescriptor: Int32
    /// Whether the terminal is in raw mode now.
    public private(set) var isActive = false

    private var savedSignalActions: [(Int32, sigaction)] = []

    /// Signals whose default action ends the process, restored-then-re-raised while raw.
    static let fatalSignals: [Int32] = [SIGTERM, SIGHUP, SIGQUIT, SIGINT]

    /// Creates a controller for the terminal on `inputDescriptor`, writing escapes to `outputDescriptor`.
    public init(inputDescriptor: Int32 = 0, outputDescriptor: Int32 = 1) {
        self.inputDescriptor = inputDescriptor
        self.outputDescriptor = outputDescriptor
    }

    deinit {
        restore()
    }

    /// Puts the terminal in raw mode; hides the cursor and enters the alternate screen if asked.
    ///
    /// Does nothing if this terminal is already active. Throws `notATerminal` when the input is not
    /// a terminal, so the caller can fall back to line mode.
    public func enter(hideCursor: Bool = true, alternateScreen: Bool = true) throws {
        if isActive { return }
        guard rawStatePointer.pointee.active == 0 else { throw RawTerminalError.alreadyActive }
        var original = termios()
        guard isatty(inputDescriptor) == 1, tcgetattr(inputDescriptor, &original) == 0 else {
            throw RawTerminalError.notATerminal
        }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | IGNCR | BRKINT | ISTRIP)
        raw.c_oflag |= tcflag_t(OPOST)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }

        var leave = "\u{1B}[0m"
        var enterSequence = ""
        if alternateScreen {
            enterSequence += "\u{1B}[?1049h"
            leave += "\u{1B}[?1049l"
        }
        if hideCursor {
            enterSequence += "\u{1B}[?25l"
        }
        leave += "\u{1B}[?25h"

        // Arm the restore state before changing anything, so a signal in between still restores.
        rawStatePointer.pointee.arm(
            inputDescriptor: inputDescriptor, outputDescriptor: outputDescriptor, saved: original,
            leaveSequence: Array(leave.utf8))
        registerExitGuard()
        savedSignalActions = Self.fatalSignals.filter { !isSignalIgnored($0) }.map { signal in
            (signal, installSignalHandler(signal, fatalSignalHandler, flags: 0))
        }
        guard tcsetattr(inputDescriptor, TCSANOW, &raw) == 0 else {
            let failure = errno
            rawStatePointer.pointee.disarm()
            restoreSignalActions()
            throw RawTerminalError.cannotConfigure(errno: failure)
        }
        isActive = true
        if !enterSequence.isEmpty {
            _ = LineOutput(fileDescriptor: outputDescriptor).write(enterSequence)
        }
    }

    /// Restores the saved settings, shows the cursor and leaves the alternate screen. Idempotent.
    public func restore() {
        guard isActive else { return }
        isActive = false
        restoreTerminalFromRawState()
        restoreSignalActions()
    }

    private func restoreSignalActions() {
        for (signal, action) in savedSignalActions {
            restoreSignalAction(signal, action)
        }
        savedSignalActions = []
    }
}

/// What a signal handler or the exit guard needs to restore the terminal, kept in plain memory.
///
/// Signal handlers cannot reach a Swift object safely, so `RawTerminal` copies the saved settings
/// and the leave sequence here; the handler then needs only `tcsetattr` and `write`.
struct RawRestoreState {
    /// 1 while a terminal is raw; read by the handlers.
    var active: Int32 = 0
    var inputDescriptor: Int32 = -1
    var outputDescriptor: Int32 = -1
    var saved = termios()
    /// Fixed storage for the leave sequence, so the handler does not allocate.
    let leaveBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
    var leaveCount = 0

    mutating func arm(inputDescriptor: Int32, outputDescriptor: Int32, saved: termios, leaveSequence: [UInt8])
    {
        self.inputDescriptor = inputDescriptor
        self.outputDescriptor = outputDescriptor
        self.saved = saved
        leaveCount = min(leaveSequence.count, 64)
        for index in 0..<leaveCount { leaveBytes[index] = leaveSequence[index] }
        active = 1
    }

    mutating func disarm() {
        active = 0
    }
}

/// The one raw-mode restore state of the process, behind a pointer so that a signal handler's
/// access is a plain memory access (no exclusivity bookkeeping, no allocation).
nonisolated(unsafe) private let rawStatePointer: UnsafeMutablePointer<RawRestoreState> = {
    let pointer = UnsafeMutablePointer<RawRestoreState>.allocate(capacity: 1)
    pointer.initialize(to: RawRestoreState())
    return pointer
}()

/// Whether the `atexit` guard has been registered.
nonisolated(unsafe) private var exitGuardRegistered = false

/// Restores the terminal from the saved raw state if it is raw; async-signal-safe (tcsetattr and write only).
func restoreTerminalFromRawState() {
    let state = rawStatePointer
    guard state.pointee.active == 1 else { return }
    state.pointee.active = 0
    _ = tcsetattr(state.pointee.inputDescriptor, TCSANOW, &state.pointee.saved)
    var offset = 0
    while offset < state.pointee.leaveCount {
        let written = systemWrite(
            state.pointee.outputDescriptor, state.pointee.leaveBytes + offset,
            state.pointee.leaveCount - offset)
        if written > 0 {
            offset += written
        } else if written < 0 && errno == EINTR {
            continue
        } else {
            break
        }
    }
}

/// Registers an `atexit` handler that restores the terminal if the process exits while raw.
private func registerExitGuard() {
    guard !exitGuardRegistered else { return }
    exitGuardRegistered = true
    _ = atexit { restoreTerminalFromRawState() }
}

/// Restores the terminal, then lets the signal do what it would have done with no handler.
private let fatalSignalHandler: SignalHandler = { signal in
    restoreTerminalFromRawState()
    var action = sigaction()
    #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = SIG_DFL
    #else
        action.__sigaction_u.__sa_handler = SIG_DFL
    #endif
    sigemptyset(&action.sa_mask)
    _ = sigaction(signal, &action, nil)
    _ = raise(signal)
}
