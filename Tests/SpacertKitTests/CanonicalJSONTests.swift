import Foundation
import Testing

@testable import SpacertKit

@Suite("The canonical JSON a signature covers")
struct CanonicalJSONTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValueParser.parse(Data(text.utf8)) }

    @Test("canonical text: keys sorted by bytes, no spaces, numbers as written, minimal escapes")
    func canonical() throws {
        let value = try parse(
            #"{ "b": [1, 2.50, -0, 1E+3], "a": {"z": null, "é": true, "Z": false}, "s": "q\"\\\/\u00e9\n\u0001" }"#
        )
        #expect(
            value.canonicalText
                == #"{"a":{"Z":false,"z":null,"é":true},"b":[1,2.50,-0,1E+3],"s":"q\"\\/é\n\u0001"}"#)
        #expect(try parse(value.prettyText()).canonicalText == value.canonicalText)
        #expect(try parse("\u{FEFF}{}") == .object([]))
    }

    @Test(
        "what JSON does not allow is refused",
        arguments: [
            "{\"a\":1,\"a\":2}", "[01]", "[1.]", "[.5]", "[-]", "[1e]", "[+1]", "{\"a\":1,}", "[1,]", "[1] x",
            "\"\u{1}\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\x\"", "\"\\u12\"", "{'a':1}", "[NaN]", "[tru]",
            "{\"a\" 1}",
            String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
        ])
    func refused(text: String) {
        #expect(throws: JSONValueParser.SyntaxError.self) { try parse(text) }
    }

    @Test("bytes that are not UTF-8 are refused, overlong forms too")
    func invalidUTF8() throws {
        for bytes: [UInt8] in [
            [0x22, 0xC3, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xFF, 0x22],
        ] {
            #expect(throws: JSONValueParser.SyntaxError.self) { try JSONValueParser.parse(bytes) }
        }
        #expect(
            try JSONValueParser.parse(Array("\"\u{1F486}\u{200D}\u{2640}\u{FE0F}\"".utf8)) == .string("💆‍♀️"))
    }
}
