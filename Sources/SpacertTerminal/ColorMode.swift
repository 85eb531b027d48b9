/// When to colour output: the value of a `--color auto|always|never` option.
///
/// The raw values are the option spellings, so `extension ColorMode: ExpressibleByArgument {}`
/// in the command-line target is all argument-parser needs.
public enum ColorMode: String, CaseIterable, Sendable, Hashable {
    /// Colour only on a terminal, without `NO_COLOR` and not with `TERM=dumb`.
    case auto
    /// Colour always, even into a pipe or with `NO_COLOR` set.
    case always
    /// Never colour.
    case never
}

/// Decides whether output gets colour, following https://no-color.org and `TERM=dumb`.
///
/// `always` and `never` win outright. `auto` colours only when `isTTY` is true, `NO_COLOR` is unset
/// or empty, and `TERM` is not `dumb`.
public func colorEnabled(mode: ColorMode, isTTY: Bool, environment: [String: String]) -> Bool {
    switch mode {
    case .always:
        return true
    case .never:
        return false
    case .auto:
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTTY
    }
}
