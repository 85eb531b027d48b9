import SpacertKit
import SpacertScreens
import SpacertTerminal
import Testing

@Suite("Picking an answer by keypresses (shared by the quiz and the exam)")
struct AnswerPickerTests {
    func presented(_ type: QuestionType, _ body: QuestionBody) -> PresentedQuestion {
        PresentedQuestion(
            Question(
                id: "q-\(type.rawValue)", type: type, shuffle: false, prompt: "P", body: body,
                explanation: "E",
                source: Citation(article: "a.txt", section: "S"), bankID: "b", category: .techniques,
                location: SourceLocation(file: "b.xml", line: 1)),
            seed: "s")
    }

    var choices: QuestionBody {
        .choices([
            Choice(text: "A", correct: true), Choice(text: "B", correct: false),
            Choice(text: "C", correct: true),
        ])
    }

    @Test("one answer: a letter replaces the pick; the cursor follows; Enter's fallback is the cursor")
    func single() {
        var picker = AnswerPicker(presented(.single, choices))
        #expect(picker.answer() == nil)
        #expect(picker.answer(cursorFallback: true) == .keys(["a"]))
        let letters = picker.press(.char("b"), .char("C"))
        #expect(letters)
        #expect(picker.answer() == .keys(["c"]))
        #expect(picker.cursor == 2)
        let up = picker.press(.up)
        #expect(up && picker.cursorMoved)
        let space = picker.press(.char(" "))
        #expect(space)
        #expect(picker.answer() == .keys(["b"]) && !picker.cursorMoved)
        let others = [Key.char("z"), .char("q"), .enter].map { picker.press($0) }
        #expect(others == [false, false, false])
        #expect(QuestionView.picksLine(picker) == "Selected: b")
    }

    @Test("select all: letters toggle, backspace takes the last back, no fallback to the cursor")
    func multiple() {
        var picker = AnswerPicker(presented(.multiple, choices))
        let toggles = picker.press(.char("c"), .char("a"), .char("b"), .char("b"))
        #expect(toggles)
        #expect(picker.answer() == .keys(["c", "a"]))
        #expect(QuestionView.picksLine(picker) == "Selected: a c")
        let back = picker.press(.backspace)
        #expect(back)
        #expect(picker.answer() == .keys(["c"]))
        picker.takeBack()
        #expect(picker.answer(cursorFallback: true) == nil)
        #expect(QuestionView.pickingKeys(picker) == "a–c")
    }

    @Test("order: letters make the sequence; a letter again takes that step out")
    func order() {
        var picker = AnswerPicker(presented(.order, .order(["one", "two", "three"])))
        for key in ["b", "c", "a"] { _ = picker.handle(.char(Character(key))) }
        #expect(picker.answer() == .keys(["b", "c", "a"]))
        _ = picker.handle(.char("c"))
        #expect(picker.answer() == .keys(["b", "a"]))
        #expect(QuestionView.picksLine(picker) == "Your order: b → a")
    }

    @Test("match: letters pair the items in turn; a digit chooses the item; backspace undoes")
    func match() {
        let shown = presented(
            .match,
            .match([
                MatchPair(left: "One", right: "Uno"), MatchPair(left: "Two", right: "Dos"),
                MatchPair(left: "Three", right: "Tres"),
            ]))
        var picker = AnswerPicker(shown)
        #expect(picker.pickingKeys == ["1", "2", "3", "a", "b", "c"])
        _ = picker.handle(.char("b"))
        _ = picker.handle(.char("3"))
        #expect(picker.pendingLeft == "3")
        _ = picker.handle(.char("a"))
        _ = picker.handle(.char("c"))
        #expect(picker.answer() == .pairs(["1": "b", "3": "a", "2": "c"]))
        // Pairing a right item again moves it to the new left item.
        _ = picker.handle(.char("1"))
        _ = picker.handle(.char("a"))
        #expect(picker.answer() == .pairs(["1": "a", "2": "c"]))
        let unused = [Key.up, .char(" ")].map { picker.press($0) }
        #expect(unused == [false, false])
        _ = picker.handle(.backspace)
        #expect(picker.answer() == .pairs(["2": "c"]))
        #expect(QuestionView.pickingKeys(picker) == "1–3 a–c")
    }

    @Test("starts from a saved answer, so changing it shows what was given")
    func fromSavedAnswer() {
        let keys = AnswerPicker(presented(.multiple, choices), given: .keys(["c", "a"]))
        #expect(keys.answer() == .keys(["c", "a"]) && keys.cursor == 2)
        let pairs = AnswerPicker(
            presented(
                .match, .match([MatchPair(left: "L1", right: "R1"), MatchPair(left: "L2", right: "R2")])),
            given: .pairs(["2": "a", "1": "b"]))
        #expect(pairs.pairs.map(\.left) == ["1", "2"])
        #expect(pairs.answer() == .pairs(["1": "b", "2": "a"]))
    }

    @Test("the question's lines mark picks and the cursor, and fit the width")
    func drawing() {
        var picker = AnswerPicker(presented(.multiple, choices))
        _ = picker.handle(.char("b"))
        let lines = QuestionView.lines(
            presented(.multiple, choices), picker: picker, style: .plain, width: 40)
        #expect(lines == ["P", "", " [ ] a) A", "›[x] b) B", " [ ] c) C"])
        let wide = presented(
            .single,
            .choices([
                Choice(text: "按摩时用力要均匀，不要突然加重 🙂", correct: true),
                Choice(text: "मालिश से पहले क्लाइंट से पूछें", correct: false),
            ]))
        let narrow = QuestionView.lines(wide, picker: AnswerPicker(wide), style: .plain, width: 20)
        #expect(narrow.count > 4)
        #expect(narrow.allSatisfy { displayWidth(of: $0) <= 20 })
    }
}

extension AnswerPicker {
    /// Feeds keys in turn; whether every one was a picking key.
    mutating func press(_ keys: Key...) -> Bool {
        var all = true
        for key in keys where !handle(key) { all = false }
        return all
    }
}
