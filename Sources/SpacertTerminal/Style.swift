/// Wraps text in SGR sequences when colour is on, and returns it unchanged when it is off.
///
/// Each helper closes only its own attribute (for example bold with `ESC[22m`, colours with `ESC[39m`),
/// so helpers nest: `style.red(style.bold("x"))`.
public struct Style: Sendable, Hashable {
    /// Whether the helpers emit escape sequences at all.
    public let enabled: Bool

    /// Creates a style that emits SGR sequences only when `enabled` is true.
    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// A style with colour off: every helper returns its input.
    public static let plain = Style(enabled: false)

    /// Bold (increased intensity).
    public func bold(_ text: String) -> String { apply(text, on: "1", off: "22") }

    /// Dim (decreased intensity).
    public func dim(_ text: String) -> String { apply(text, on: "2", off: "22") }

    /// Red foreground.
    public func red(_ text: String) -> String { apply(text, on: "31", off: "39") }

    /// Green foreground.
    public func green(_ text: String) -> String { apply(text, on: "32", off: "39") }

    /// Yellow foreground.
    public func yellow(_ text: String) -> String { apply(text, on: "33", off: "39") }

    /// Cyan foreground.
    public func cyan(_ text: String) -> String { apply(text, on: "36", off: "39") }

    /// Reverse video (swapped foreground and background), for a selected row.
    public func reverse(_ text: String) -> String { apply(text, on: "7", off: "27") }

    /// The sequence that turns every attribute off, or `""` when colour is off.
    public var reset: String { enabled ? "\u{1B}[0m" : "" }

    private func apply(_ text: String, on: String, off: String) -> String {
        guard enabled, !text.isEmpty else { return text }
        return "\u{1B}[\(on)m\(text)\u{1B}[\(off)m"
    }
}
