import Foundation

/// Writes report files atomically (with ``PosixFile``): the bytes go to a temporary file beside
/// the target, are flushed to disk, and the temporary file is renamed over the target, so a
/// reader sees the old report or the new one, never half of one.
public enum ReportFile {
    /// Writes `text` to `path` (mode 0644), making its folder if needed.
    public static func write(_ text: String, to path: String) throws {
        do {
            try PosixFile.makeFolders((path as NSString).deletingLastPathComponent, permissions: 0o755)
            try PosixFile.writeAtomically(path, data: Data(text.utf8), permissions: 0o644)
        } catch {
            throw SpacertError.invalidInput("cannot write the report: \(error.message)")
        }
    }
}
