import Foundation
import SpacertCore
import Testing

@testable import SpacertFSRS
@testable import SpacertReplay

/// `replay` refuses bad input with an error that names the card and the review.
@Suite struct ReplayErrorTests {
    func failure(_ json: String) -> ReplayError? {
        do {
            _ = try replay(Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    static let good = #"{"rating":3,"time":"2025-01-06T09:00:00Z"}"#

    @Test("an unknown rating names the card and review", arguments: ["5", "0", "-1", "2.5", "1e3"])
    func unknownRating(rating: String) throws {
        let error = try #require(
            failure(
                #"{"cards":[{"id":"a","reviews":[]},{"id":"c-2","reviews":["#
                    + Self.good + #",{"rating":"# + rating + #","time":"2025-01-07T09:00:00Z"}]}]}"#))
        #expect(error.cardIndex == 1 && error.cardID == "c-2" && error.reviewIndex == 1)
        #expect(
            error.description == #"cards[1] (id "c-2"), reviews[1]: rating "# + rating
                + " is not 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
    }

    @Test("a rating that is not a number is refused")
    func ratingType() throws {
        let error = try #require(
            failure(#"{"cards":[{"id":"a","reviews":[{"rating":"3","time":"2025-01-06T09:00:00Z"}]}]}"#))
        #expect(error.reviewIndex == 0 && error.cardID == "a")
        #expect(error.message.contains("rating"))
    }

    @Test("times out of order name the card and review, even when the id comes last")
    func outOfOrder() throws {
        let error = try #require(
            failure(
                #"{"cards":[{"reviews":["# + Self.good
                    + #",{"rating":3,"time":"2025-01-06T10:00:00+02:00"}],"id":"late-id"}]}"#))
        #expect(error.cardID == "late-id" && error.cardIndex == 0 && error.reviewIndex == 1)
        #expect(
            error.description.hasPrefix(
                #"cards[0] (id "late-id"), reviews[1]: time "2025-01-06T10:00:00+02:00" is earlier"#))
    }

    @Test("equal times are in order")
    func equalTimes() throws {
        let output = try replay(
            Data((#"{"cards":[{"id":"a","reviews":["# + Self.good + "," + Self.good + "]}]}").utf8))
        #expect(String(decoding: output, as: UTF8.self).contains(#""retrievability":1.0"#))
    }

    @Test(
        "a time with no UTC offset is refused",
        arguments: ["2025-01-06T09:00:00", "2025-01-06T09:00:00.5", "2025-01-06"])
    func noOffset(time: String) throws {
        let error = try #require(
            failure(
                #"{"cards":[{"id":"x","reviews":["# + Self.good
                    + #",{"rating":2,"time":""# + time + #""}]}]}"#))
        #expect(error.cardID == "x" && error.reviewIndex == 1)
        #expect(error.message.contains("has no UTC offset"))
    }

    @Test(
        "malformed or impossible times are refused",
        arguments: [
            "2025-02-30T09:00:00Z", "2025-01-06T24:00:00Z", "06/01/2025 09:00Z", "2025-01-06T09:00Z",
            "2025-01-06T09:00:00+25:00", "2025-01-06T09:00:00Zjunk", "",
        ])
    func badTime(time: String) throws {
        let error = try #require(
            failure(#"{"cards":[{"id":"x","reviews":[{"rating":2,"time":""# + time + #""}]}]}"#))
        #expect(error.cardID == "x" && error.reviewIndex == 0)
        #expect(error.message.hasPrefix("time "))
    }

    @Test(
        "structural problems are reported",
        arguments: [
            (#"[]"#, "must be a JSON object"),
            (#"{"retention":0.9}"#, #"no "cards""#),
            (#"{"cards":{}}"#, #""cards" must be an array"#),
            (#"{"cards":[{"reviews":[]}]}"#, #"cards[0]: the card has no "id""#),
            (
                #"{"cards":[{"id":"a","reviews":[{"time":"2025-01-06T09:00:00Z"}]}]}"#,
                #"reviews[0]: the review has no "rating""#
            ),
            (#"{"cards":[{"id":"a","reviews":[{"rating":1}]}]}"#, #"reviews[0]: the review has no "time""#),
            (#"{"cards":[{"id":"a","reviews":[3]}]}"#, "reviews[0]: a review must be an object"),
            (#"{"cards":[], "retention": "high"}"#, #""retention" must be a number"#),
            (#"{"cards":[], "retention": 1.5}"#, "desired retention 1.5 is not in (0, 1]"),
            (#"{"cards":[], "parameters": [1, 2]}"#, "expected 21 parameters, got 2"),
            (#"{"cards":[], "maximum_interval": 0}"#, "maximum interval 0"),
            (#"{"cards":[], "maximum_interval": 1.5}"#, "whole number"),
            (#"{"cards":[], "learning_steps_minutes": [-1]}"#, "learning step 0"),
            (#"{"cards":[], "enable_fuzzing": 1}"#, "true or false"),
        ])
    func structure(json: String, fragment: String) throws {
        let error = try #require(failure(json))
        #expect(error.description.contains(fragment), "\(error.description)")
    }

    @Test(
        "JSON syntax errors give a line and column",
        arguments: [
            (
                "{\"cards\":[\n  {\"id\": \"a\", \"reviews\": [],}\n]}",
                "line 2, column 29: expected a string key but found '}'"
            ),
            (#"{"cards":[]} x"#, "unexpected data after"),
            (#"{"cards":[], "x": "abc"#, "unterminated string"),
            (#"{"cards":[], "x": "\q"}"#, "invalid escape"),
            (#"{"cards":[], "x": 01}"#, "expected ',' or '}'"),
            (#"{"cards":[], "x": 1.}"#, "expected a digit after '.'"),
            (#"{"cards":[], "x": 1e}"#, "expected an exponent digit"),
            (#"{"cards":[], "x": tru}"#, "invalid literal"),
            ("", "must be a JSON object"),
        ])
    func syntax(json: String, fragment: String) throws {
        let error = try #require(failure(json))
        #expect(error.description.contains(fragment), "\(error.description)")
        #expect(error.cardIndex == nil)
    }
}
