import Foundation
import SpacertKit
import Testing

@Suite("The certification policy, checked by spacert lint")
struct PolicyTests {
    func scratch(policy: String) throws -> BankScratch {
        let scratch = try BankScratch()
        try FileManager.default.copyItem(
            atPath: (shippedBanks as NSString).appendingPathComponent("schema/policy-1.xsd"),
            toPath: scratch.directory.appendingPathComponent("schema/policy-1.xsd").path)
        try scratch.write("bank.xml", bankXML(singleQuestion("q1") + "\n" + singleQuestion("q2")))
        try scratch.write("certification.xml", policy)
        return scratch
    }

    func policyXML(areas: String, pass: String = #"<pass mark="0.8"/>"#) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <policy xmlns="urn:spacert:policy:1" id="p" title="Test policy">
          <blueprint>
        \(areas)
          </blueprint>
          \(pass)
          <partial-credit multiple="all-or-nothing"/>
          <time-limit minutes="30"/>
          <attempts max="2" wait-hours="12"/>
          <prerequisites><critical-recall retrievability="0.85"/></prerequisites>
          <validity months="12"/>
        </policy>

        """
    }

    @Test("the shipped policy loads with its rules, and is not counted as a bank")
    func shipped() throws {
        let set = try BankLoader.loadAll(directory: shippedBanks)
        let policy = try #require(set.policy)
        #expect(set.banks.count == 4)
        #expect(policy.examLength == 32)
        #expect(
            policy.areas.map(\.category) == [.techniques, .bodyMechanics, .communication, .contraindications])
        #expect(policy.passMark == 0.8 && policy.allCritical && policy.criticalRecall == 0.85)
        #expect(policy.maxAttempts == 3 && policy.waitHours == 24 && policy.validityMonths == 12)
    }

    @Test("a sound policy loads; its values are read")
    func sound() throws {
        let set = try scratch(
            policy: policyXML(areas: #"    <area category="techniques" questions="2" minimum="0.5"/>"#)
        ).load()
        #expect(set.diagnostics.map(\.formatted) == [])
        let policy = try #require(set.policy)
        #expect(policy.areas == [.init(category: .techniques, questions: 2, minimum: 0.5)])
        #expect(
            policy.partialCredit[.multiple] == .allOrNothing && policy.partialCredit[.order] == .proportional)
        #expect(policy.timeLimitMinutes == 30 && policy.waitHours == 12)
    }

    @Test("a blueprint asking for more questions than the banks hold is an error at the area")
    func blueprintTooLarge() throws {
        let set = try scratch(policy: policyXML(areas: #"    <area category="techniques" questions="5"/>"#))
            .load()
        #expect(set.policy == nil)
        let diagnostic = try #require(set.diagnostics.first)
        #expect(diagnostic.message == "the blueprint draws 5 techniques questions but the banks have only 2")
        #expect(diagnostic.location.file.hasSuffix("certification.xml") && diagnostic.location.line == 4)
        #expect(diagnostic.location.column != nil)
    }

    @Test("an area named twice, and a pass mark over 1, are errors")
    func badRules() throws {
        let areas = """
                <area category="techniques" questions="1"/>
                <area category="techniques" questions="1"/>
            """
        let set = try scratch(policy: policyXML(areas: areas, pass: #"<pass mark="1.5"/>"#)).load()
        let messages = set.diagnostics.map(\.message)
        #expect(messages.contains("the blueprint names area 'techniques' twice; give each area once"))
        #expect(messages.contains { $0.hasPrefix("attribute 'mark' of <pass>") })
        #expect(set.policy == nil)
    }
}
