import Testing

@testable import SpacertTerminal

@Suite("Key decoder")
struct KeyDecoderTests {
    /// Decodes `bytes` in one piece, then flushes.
    static func keys(_ bytes: [UInt8]) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.decode(bytes) + decoder.flush()
    }

    static func keys(_ text: String) -> [Key] {
        keys(Array(text.utf8))
    }

    @Test("printable ASCII and full UTF-8")
    func characters() {
        #expect(Self.keys("aZ1 ~") == [.char("a"), .char("Z"), .char("1"), .char(" "), .char("~")])
        #expect(Self.keys("é日👍") == [.char("é"), .char("日"), .char("👍")])
        #expect(Self.keys("न्") == [.char("न"), .char("\u{094D}")])
    }

    @Test("a UTF-8 character split across reads, at every split point")
    func splitUTF8() {
        for text in ["é", "日", "👍", "क"] {
            let bytes = Array(text.utf8)
            for cut in 1..<bytes.count {
                var decoder = KeyDecoder()
                #expect(decoder.decode(bytes[..<cut]) == [])
                #expect(decoder.hasPendingBytes)
                #expect(decoder.decode(bytes[cut...]) == [.char(Character(text))])
                #expect(!decoder.hasPendingBytes)
            }
        }
        var decoder = KeyDecoder()
        #expect(decoder.decode([0xF0]) == [])
        #expect(decoder.decode([0x9F]) == [])
        #expect(decoder.decode([0x91]) == [])
        #expect(decoder.decode([0x8D, 0x61]) == [.char("👍"), .char("a")])
    }

    @Test("invalid UTF-8 is skipped")
    func invalidUTF8() {
        #expect(Self.keys([0xFF, 0x61]) == [.char("a")])
        #expect(Self.keys([0xC0, 0xAF, 0x62]) == [.char("b")])  // overlong
        #expect(Self.keys([0xED, 0xA0, 0x80, 0x63]) == [.char("c")])  // surrogate
        #expect(Self.keys([0xE6, 0x41]) == [.char("A")])  // cut short by ASCII
        #expect(Self.keys([0xE6, 0x97]) == [])  // cut at the end, then flushed
    }

    @Test("enter, backspace, tab")
    func editingKeys() {
        #expect(Self.keys([0x0D]) == [.enter])
        #expect(Self.keys([0x0A]) == [.enter])
        #expect(Self.keys([0x0D, 0x0A]) == [.enter])
        #expect(Self.keys([0x0D, 0x0D]) == [.enter, .enter])
        #expect(Self.keys([0x7F, 0x08]) == [.backspace, .backspace])
        #expect(Self.keys([0x09]) == [.tab])
        var decoder = KeyDecoder()
        #expect(decoder.decode([0x0D]) == [.enter])
        #expect(decoder.decode([0x0A, 0x61]) == [.char("a")])  // CR LF split across reads
    }

    @Test("control keys")
    func controlKeys() {
        #expect(Self.keys([0x03]) == [.ctrl("c")])
        #expect(Self.keys([0x04]) == [.ctrl("d")])
        #expect(Self.keys([0x01, 0x1A, 0x15, 0x17]) == [.ctrl("a"), .ctrl("z"), .ctrl("u"), .ctrl("w")])
        #expect(
            Self.keys([0x00, 0x1C, 0x1D, 0x1E, 0x1F]) == [
                .ctrl("@"), .ctrl("\\"), .ctrl("]"), .ctrl("^"), .ctrl("_"),
            ])
        let letters = (0x01...0x1A).filter { ![0x08, 0x09, 0x0A, 0x0D].contains($0) }
        for byte in letters {
            #expect(Self.keys([UInt8(byte)]) == [.ctrl(Character(Unicode.Scalar(UInt8(byte) + 0x60)))])
        }
    }

    /// Every navigation sequence in its CSI and SS3 forms.
    static let sequences: [(String, Key)] = [
        ("\u{1B}[A", .up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}OA", .up), ("\u{1B}OB", .down), ("\u{1B}OC", .right), ("\u{1B}OD", .left),
        ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}OH", .home), ("\u{1B}OF", .end),
        ("\u{1B}[1~", .home), ("\u{1B}[7~", .home), ("\u{1B}[4~", .end), ("\u{1B}[8~", .end),
        ("\u{1B}[3~", .delete), ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown),
        ("\u{1B}[1;5A", .up), ("\u{1B}[1;2D", .left), ("\u{1B}[3;5~", .delete),
    ]

    @Test("CSI and SS3 navigation keys", arguments: sequences)
    func navigation(sequence: String, key: Key) {
        #expect(Self.keys(sequence) == [key])
        #expect(Self.keys(sequence + "x") == [key, .char("x")])
    }

    @Test("an arrow split across reads, at every split point")
    func splitArrows() {
        for (sequence, key) in Self.sequences {
            let bytes = Array(sequence.utf8)
            for cut in 1..<bytes.count {
                var decoder = KeyDecoder()
                #expect(decoder.decode(bytes[..<cut]) == [])
                #expect(decoder.decode(bytes[cut...]) == [key], "\(sequence.debugDescription) cut at \(cut)")
            }
        }
    }

    @Test("a lone ESC waits for the timeout, then is Escape")
    func loneEscape() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([0x1B]) == [])
        #expect(decoder.hasPendingBytes)
        #expect(decoder.flush() == [.escape])
        #expect(!decoder.hasPendingBytes)
        #expect(Self.keys([0x1B, 0x1B]) == [.escape, .escape])
        #expect(Self.keys("\u{1B}q") == [.escape, .char("q")])  // Alt-q, or Esc then q
        #expect(Self.keys("\u{1B}[") == [.escape, .char("[")])  // unfinished CSI at the timeout
        #expect(Self.keys("\u{1B}O") == [.escape, .char("O")])
    }

    @Test("unknown sequences are ignored, the keys after them are not")
    func unknownSequences() {
        #expect(Self.keys("\u{1B}[2~a") == [.char("a")])  // Insert
        #expect(Self.keys("\u{1B}[Zb") == [.char("b")])  // Shift-Tab
        #expect(Self.keys("\u{1B}OPc") == [.char("c")])  // F1
        #expect(Self.keys("\u{1B}[15~d") == [.char("d")])  // F5
        #expect(Self.keys("\u{1B}[1\u{03}") == [.ctrl("c")])  // broken CSI: the control still arrives
    }

    @Test("a burst of mixed input")
    func mixedBurst() {
        let bytes: [UInt8] = Array("q".utf8) + [0x1B, 0x5B, 0x41] + Array("日".utf8) + [0x03, 0x0D, 0x7F]
        #expect(Self.keys(bytes) == [.char("q"), .up, .char("日"), .ctrl("c"), .enter, .backspace])
    }
}
