import Testing

@testable import SpacertTerminal

@Suite("Colour policy")
struct ColorPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let mode: ColorMode
        let isTTY: Bool
        let environment: [String: String]
        let expected: Bool
        var testDescription: String { "\(mode) tty=\(isTTY) \(environment) -> \(expected)" }
    }

    static let matrix: [Case] = [
        Case(mode: .auto, isTTY: true, environment: ["TERM": "xterm-256color"], expected: true),
        Case(mode: .auto, isTTY: false, environment: ["TERM": "xterm-256color"], expected: false),
        Case(mode: .auto, isTTY: true, environment: [:], expected: true),
        Case(mode: .auto, isTTY: true, environment: ["NO_COLOR": "1"], expected: false),
        Case(mode: .auto, isTTY: true, environment: ["NO_COLOR": "yes please"], expected: false),
        Case(mode: .auto, isTTY: true, environment: ["NO_COLOR": ""], expected: true),
        Case(mode: .auto, isTTY: true, environment: ["TERM": "dumb"], expected: false),
        Case(mode: .auto, isTTY: false, environment: ["NO_COLOR": "1", "TERM": "dumb"], expected: false),
        Case(mode: .always, isTTY: false, environment: [:], expected: true),
        Case(mode: .always, isTTY: true, environment: ["NO_COLOR": "1"], expected: true),
        Case(mode: .always, isTTY: false, environment: ["TERM": "dumb"], expected: true),
        Case(mode: .never, isTTY: true, environment: ["TERM": "xterm"], expected: false),
        Case(mode: .never, isTTY: false, environment: [:], expected: false),
    ]

    @Test("NO_COLOR, TERM=dumb, always and never", arguments: matrix)
    func policy(_ item: Case) {
        #expect(
            colorEnabled(mode: item.mode, isTTY: item.isTTY, environment: item.environment) == item.expected)
    }

    @Test("modes parse from their option spellings")
    func parsing() {
        #expect(ColorMode(rawValue: "auto") == .auto)
        #expect(ColorMode(rawValue: "always") == .always)
        #expect(ColorMode(rawValue: "never") == .never)
        #expect(ColorMode(rawValue: "sometimes") == nil)
        #expect(ColorMode.allCases.map(\.rawValue) == ["auto", "always", "never"])
    }

    @Test("styles emit SGR only when enabled, and nest")
    func styles() {
        let on = Style(enabled: true)
        let off = Style(enabled: false)
        #expect(on.bold("x") == "\u{1B}[1mx\u{1B}[22m")
        #expect(on.red("x") == "\u{1B}[31mx\u{1B}[39m")
        #expect(on.green("x") == "\u{1B}[32mx\u{1B}[39m")
        #expect(on.yellow("x") == "\u{1B}[33mx\u{1B}[39m")
        #expect(on.cyan("x") == "\u{1B}[36mx\u{1B}[39m")
        #expect(on.dim("x") == "\u{1B}[2mx\u{1B}[22m")
        #expect(on.reverse("x") == "\u{1B}[7mx\u{1B}[27m")
        #expect(on.reset == "\u{1B}[0m")
        #expect(on.red(on.bold("x")) == "\u{1B}[31m\u{1B}[1mx\u{1B}[22m\u{1B}[39m")
        for apply in [off.bold, off.dim, off.red, off.green, off.yellow, off.cyan, off.reverse] {
            #expect(apply("plain 日本") == "plain 日本")
        }
        #expect(off.reset == "")
        #expect(Style.plain == off)
    }
}
