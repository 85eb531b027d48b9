/// Columns that text takes on a terminal, summed over its grapheme clusters.
///
/// Escape sequences (such as the SGR codes `Style` adds) count as 0, so styled and plain text
/// measure the same. Other control characters count as 0 too: pass bank text through `sanitize`
/// before printing it.
public func displayWidth(of text: String) -> Int {
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
    return textSegments(text).reduce(0) { $0 + $1.width }
}

/// Columns one grapheme cluster takes on a terminal: 0, 1 or 2, or more for an Indic conjunct
/// cluster such as "न्दी" (3), whose consonants and spacing vowel sign each take a column.
///
/// - East Asian Wide and Fullwidth characters (CJK, Hangul syllables, fullwidth forms) take 2.
/// - Emoji take 2: emoji-presentation characters, pictographs in U+1F300–U+1FAFF, any emoji made
///   emoji-style by U+FE0F, ZWJ sequences such as a family, skin-tone sequences, and flag pairs.
/// - Nonspacing and enclosing marks (accents, Indic nuktas and viramas, most vowel signs above and
///   below), format characters (ZWJ, ZWNJ, bidi marks), variation selectors and Hangul medial and
///   final jamo take 0.
/// - Spacing vowel signs (Unicode category Mc, such as Devanagari ि and ा) take 1: glibc's
///   `wcwidth`, xterm, VTE and tmux all advance the cursor one column for them, and counting them
///   as 0 would let a line overflow on those terminals.
/// - Everything else takes 1.
///
/// A cluster's width is the sum of its scalars' widths, except emoji sequences, which are one
/// glyph of width 2.
public func displayWidth(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if first.value < 0x7F, scalars.count == 1 { return first.value < 0x20 ? 0 : 1 }
    if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }  // regional indicators: a flag
    let properties = first.properties
    if properties.isEmojiPresentation { return 2 }
    if properties.isEmoji, scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D }) {
        return 2
    }
    return scalars.reduce(0) { $0 + scalarWidth($1) }
}

/// Columns one scalar takes when it is measured on its own.
func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    switch value {
    case 0x00..<0x20, 0x7F..<0xA0:
        return 0
    case 0x20..<0x7F, 0xA0..<0x300:  // includes U+00AD SOFT HYPHEN, shown as a hyphen
        return 1
    case 0x1160...0x11FF, 0xD7B0...0xD7FF:  // Hangul medial vowels and final consonants
        return 0
    case 0x200B:
        return 0
    default:
        break
    }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format:
        return 0
    default:
        break
    }
    if isWideScalar(value) { return 2 }
    if (0x1F300...0x1FAFF).contains(value), scalar.properties.isEmoji { return 2 }
    return 1
}

/// Whether a scalar is East Asian Wide or Fullwidth, by binary search of `wideScalarRanges`.
func isWideScalar(_ value: UInt32) -> Bool {
    guard value >= 0x1100 else { return false }
    var low = 0
    var high = wideScalarRanges.count - 1
    while low <= high {
        let middle = (low + high) / 2
        let range = wideScalarRanges[middle]
        if value < range.lowerBound {
            high = middle - 1
        } else if value > range.upperBound {
            low = middle + 1
        } else {
            return true
        }
    }
    return false
}
