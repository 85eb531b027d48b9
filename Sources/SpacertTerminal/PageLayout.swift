/// One screen of an interactive session fitted to the window: a bar across the top (its right
/// part, such as a clock, always kept whole), a body that is cut or scrolled when it does not
/// fit, a notice that stays in sight, and the keys that work now at the bottom.
///
/// Below `minimumSize` the frame is `frameTooSmall` instead, so no screen is ever garbled.
public struct PageLayout: Sendable, Hashable {
    /// The smallest window a page is drawn in.
    public static let minimumSize = TerminalSize(columns: 40, rows: 12)

    /// The top bar's text, cut first when the window is narrow; drawn in reverse video.
    public var bar: String
    /// The top bar's right-hand part, kept whole and right-aligned (may be styled).
    public var barRight: String
    /// The body lines, already wrapped to the width.
    public var body: [String]
    /// A message for the trainee, shown after the body, or above the keys when the body is cut.
    public var notice: String?
    /// The keys that work now, dimmed at the bottom: parts separated by ` · `, each kept whole
    /// on a line when it fits.
    public var footer: String
    /// The first body line to show when the body does not fit.
    public var scroll: Int
    /// A body line that must be in sight (a cursor), or nil.
    public var focus: Int?
    /// Whether the cut marker names PgUp and PgDn (the caller scrolls), or is a bare `…`.
    public var scrollKeys: Bool

    /// Creates a page; see the properties.
    public init(
        bar: String, barRight: String = "", body: [String], notice: String? = nil, footer: String,
        scroll: Int = 0, focus: Int? = nil, scrollKeys: Bool = false
    ) {
        self.bar = bar
        self.barRight = barRight
        self.body = body
        self.notice = notice
        self.footer = footer
        self.scroll = scroll
        self.focus = focus
        self.scrollKeys = scrollKeys
    }

    /// Whether a window of `size` is big enough for a page.
    /// The scroll offset after a scrolling key: ↑/↓ or j/k a line, PgUp/PgDn half a window of
    /// `rows`, Home/End to the top or the end (``frame(size:style:)`` clamps it); nil for a key
    /// that does not scroll. The one reading of scroll keys for every full screen.
    public static func scrolled(_ scroll: Int, by key: Key, rows: Int) -> Int? {
        let page = max(1, rows / 2)
        switch key {
        case .down, .char("j"): return scroll + 1
        case .up, .char("k"): return max(0, scroll - 1)
        case .pageDown: return scroll + page
        case .pageUp: return max(0, scroll - page)
        case .home: return 0
        case .end: return Int(Int32.max)
        default: return nil
        }
    }

    public static func fits(_ size: TerminalSize) -> Bool {
        size.columns >= minimumSize.columns && size.rows >= minimumSize.rows
    }

    /// The frame for a window of `size`, and the scroll position used (clamped, and moved to
    /// keep `focus` in sight); the scroll is 0 whenever the body fits.
    public func frame(size: TerminalSize, style: Style) -> (frame: Frame, scroll: Int) {
        guard Self.fits(size) else {
            return (
                frameTooSmall(
                    minWidth: Self.minimumSize.columns, minHeight: Self.minimumSize.rows, size: size), scroll
            )
        }
        let width = size.columns
        // The blank line under the bar goes on short windows, for one more line of body.
        var lines = [style.reverse(barLine(width: width))] + (size.rows < 16 ? [] : [""])
        let footerLines = Self.pack(footer, width: width).map { style.dim($0) }
        let noticeLines = notice.map { [""] + wrap($0, width: width).map { style.yellow($0) } } ?? []
        let room = max(1, size.rows - lines.count - footerLines.count)
        var used = scroll
        if body.count + noticeLines.count <= room {
            lines += body + noticeLines
            used = 0
        } else if body.count <= max(2, room - noticeLines.count) {
            lines += body + noticeLines.suffix(max(0, room - body.count))
            used = 0
        } else {
            let bodyRoom = max(2, room - noticeLines.count)
            let visible = bodyRoom - 1
            used = min(max(0, scroll), body.count - visible)
            if let focus {
                if focus < used { used = focus }
                if focus >= used + visible { used = focus - visible + 1 }
            }
            used = min(max(0, used), body.count - visible)
            lines += body[used..<(used + visible)]
            lines.append(style.dim(marker(first: used, visible: visible)))
            lines += noticeLines.suffix(max(0, room - bodyRoom))
        }
        while lines.count < size.rows - footerLines.count { lines.append("") }
        lines += footerLines
        return (Frame(lines: lines), used)
    }

    /// Lines of at most `width` columns holding the ` · `-separated parts of `text`, breaking
    /// between parts (and inside a part only when it alone is wider than a line).
    public static func pack(_ text: String, width: Int) -> [String] {
        let separator = " · "
        var lines: [String] = []
        var current = ""
        for part in text.components(separatedBy: separator) {
            let joined = current.isEmpty ? part : current + separator + part
            if displayWidth(of: joined) <= width {
                current = joined
                continue
            }
            if !current.isEmpty { lines.append(current) }
            let pieces = wrap(part, width: width)
            lines += pieces.dropLast()
            current = pieces.last ?? ""
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// Whether the body (with the notice) is taller than the room a window of `size` leaves it,
    /// so that it scrolls: then the footer should name the keys that scroll.
    public func overflows(size: TerminalSize) -> Bool {
        guard Self.fits(size) else { return false }
        let width = size.columns
        let top = 1 + (size.rows < 16 ? 0 : 1)
        let footerLines = Self.pack(footer, width: width).count
        let noticeLines = notice.map { 1 + wrap($0, width: width).count } ?? 0
        return body.count + noticeLines > max(1, size.rows - top - footerLines)
    }

    /// The bar's text cut to leave room for its right part, padded to the full width.
    func barLine(width: Int) -> String {
        let rightWidth = displayWidth(of: barRight)
        guard rightWidth < width else { return truncate(barRight, width: width) }
        let left =
            rightWidth == 0 ? truncate(bar, width: width) : truncate(bar, width: width - rightWidth - 1)
        let fill = max(0, width - displayWidth(of: left) - rightWidth)
        return left + String(repeating: " ", count: fill) + barRight
    }

    /// The line that says the body was cut, and which way there is more: `more ↓` while
    /// lines follow, `more ↑` at the end.
    func marker(first: Int, visible: Int) -> String {
        guard scrollKeys else { return "…" }
        let last = min(body.count, first + visible)
        let range = "lines \(first + 1)–\(last) of \(body.count)"
        if last < body.count { return "more ↓ · \(range) · PgDn" }
        return "more ↑ · \(range) · PgUp"
    }
}
