/// One key press (or terminal event) decoded from the keyboard byte stream.
public enum Key: Sendable, Hashable {
    /// A printable character, one Unicode scalar per event (UTF-8 decoded).
    case char(Character)
    /// Return or Enter (CR, LF, or CR LF together).
    case enter
    /// Backspace (DEL 0x7F or BS 0x08).
    case backspace
    /// Tab.
    case tab
    /// A lone Escape key (an ESC not followed by a sequence within the escape timeout).
    case escape
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Home.
    case home
    /// End.
    case end
    /// Delete (forward delete).
    case delete
    /// Page Up.
    case pageUp
    /// Page Down.
    case pageDown
    /// A control key: `.ctrl("c")` for Ctrl-C, `.ctrl("d")` for Ctrl-D; also `@ \ ] ^ _` for
    /// bytes 0x00 and 0x1C–0x1F. Ctrl-H, Ctrl-I, Ctrl-J and Ctrl-M arrive as backspace, tab and enter.
    case ctrl(Character)
    /// The window was resized: read `TerminalSize.current()` and redraw.
    case resize
    /// The input ended: end of file, or the terminal was closed (EIO, hang-up).
    case eof
}
