/// File names made from people's names and ids, safe on every file system whatever the name.
public enum SafeFileName {
    /// Lower-case ASCII letters and digits of `name`, other runs turned into one hyphen, at most
    /// `limit` characters, never empty (`fallback` when nothing is left): "Ana María O'Neil" is
    /// `ana-mar-a-o-neil`, "../../etc" is `etc`, "李雷" is `trainee`.
    public static func make(_ name: String, fallback: String = "trainee", limit: Int = 48) -> String {
        var result = ""
        var pendingHyphen = false
        for scalar in name.unicodeScalars {
            let lowered: Unicode.Scalar
            switch scalar.value {
            case 0x41...0x5A: lowered = Unicode.Scalar(scalar.value + 0x20)!
            case 0x61...0x7A, 0x30...0x39: lowered = scalar
            default:
                pendingHyphen = !result.isEmpty
                continue
            }
            if pendingHyphen { result.append("-") }
            pendingHyphen = false
            result.unicodeScalars.append(lowered)
            if result.count >= limit { break }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result.isEmpty ? fallback : result
    }
}
