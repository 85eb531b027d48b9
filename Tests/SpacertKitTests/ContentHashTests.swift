import Foundation
import SpacertKit
import Testing

@Suite("Content hashes of the policy and bank files")
struct ContentHashTests {
    @Test("SHA-256 in lower-case hex, as sha256sum prints it")
    func hex() {
        #expect(
            ContentHash.hex(Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("the combined hash does not depend on the order the files are given")
    func combined() {
        let a = ContentHash(file: "a.xml", sha256: String(repeating: "1", count: 64))
        let b = ContentHash(file: "b.xml", sha256: String(repeating: "2", count: 64))
        #expect(ContentHash.combined([a, b]) == ContentHash.combined([b, a]))
        #expect(ContentHash.combined([a, b]) != ContentHash.combined([a]))
        let lines = "\(a.sha256)  a.xml\n\(b.sha256)  b.xml\n"
        #expect(ContentHash.combined([a, b]) == ContentHash.hex(Data(lines.utf8)))
    }
}
