import Foundation
public import Ports

/// ``DocumentTextReader`` with poppler's `pdftotext` (Debian's `poppler-utils`), run as a child
/// process on the bytes through a private temporary file that is removed at once. No AI is
/// involved, so what a PDF says is what quotations are checked against.
public struct PopplerTextReader: DocumentTextReader {
    let executable: String

    public init(executable: String = "/usr/bin/pdftotext") {
        self.executable = executable
    }

    public func text(ofPDF bytes: [UInt8]) async throws -> String {
        guard bytes.starts(with: Array("%PDF-".utf8)) else { throw DocumentTextError.unreadable }
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw DocumentTextError.unavailable }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("policy.pdf")
        try Data(bytes).write(to: input)
        // The tool's output is read and its exit waited for on a thread of its own: in `kopi` the
        // global executor is the event loops, and a blocked loop stops every connection on it.
        let (status, data) = try await DedicatedThreadExecutor.runOnOwnThread(name: "kopi-pdftotext") {
            [executable, input] in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            // -enc UTF-8: Chinese text survives; "-": the text on standard output.
            process.arguments = ["-q", "-enc", "UTF-8", "-eol", "unix", input.path, "-"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = try output.fileHandleForReading.readToEnd() ?? Data()
            process.waitUntilExit()
            return (process.terminationStatus, data)
        }
        guard status == 0 else { throw DocumentTextError.unreadable }
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "\n")
        guard text.contains(where: { $0.isLetter }) else { throw DocumentTextError.noText }
        return text
    }
}
