/// Where each format of a report goes.
///
/// Without `--out`, text prints on stdout (and JSON too when text is not asked for, as
/// scripts expect JSON there); every other format is a file under `./Reports`. With `--out`,
/// every format is a file in that folder.
public enum ReportOutput {
    /// The default folder for report files.
    public static let defaultDirectory = "Reports"

    /// Where one format goes.
    public enum Destination: Sendable, Hashable {
        case standardOutput
        /// A file at this path.
        case file(String)
    }

    /// The destination of each of `formats`, in order, for `report`.
    public static func plan(
        formats: [ReportFormat], outDirectory: String?, report: some RenderableReport
    ) -> [(format: ReportFormat, destination: Destination)] {
        let directory = outDirectory ?? defaultDirectory
        let toStandardOutput: ReportFormat? =
            outDirectory != nil
            ? nil : formats.contains(.text) ? .text : formats.contains(.json) ? .json : nil
        return formats.map { format in
            if format == toStandardOutput { return (format, .standardOutput) }
            return (format, .file(join(directory, report.fileName(format))))
        }
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty || directory == "."
            ? name : directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
