import Adapters
import Fakes
import Foundation
import Ports
import Testing

@Suite("Policy PDFs read by pdftotext", .serialized)
struct PopplerTextReaderTests {
    @Test(
        "A PDF's text comes back as written; a scan without text, a file that is no PDF and a missing reader are each said"
    )
    func pdfText() async throws {
        let reader = PopplerTextReader()
        let text = try await reader.text(
            ofPDF: TestPDF.make(lines: [
                "Travel and Expense Policy (2026)", "Meals are reimbursed up to SGD 50.00 per person per meal.",
            ]))
        #expect(text.contains("Travel and Expense Policy (2026)"))
        #expect(text.contains("Meals are reimbursed up to SGD 50.00 per person per meal."))
        await #expect(throws: DocumentTextError.noText) { try await reader.text(ofPDF: TestPDF.blank()) }
        await #expect(throws: DocumentTextError.unreadable) {
            try await reader.text(ofPDF: Array("not a pdf at all".utf8))
        }
        await #expect(throws: DocumentTextError.unreadable) {
            try await reader.text(ofPDF: Array("%PDF-1.7\ngarbage without objects".utf8))
        }
        await #expect(throws: DocumentTextError.unavailable) {
            try await PopplerTextReader(executable: "/nonexistent/pdftotext").text(ofPDF: TestPDF.blank())
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
            $0.hasPrefix("kopi-pdf-")
        }
        #expect(leftovers.isEmpty, "the uploaded file is removed once read")
    }

    @Test(
        "Reads wait for pdftotext on threads of their own: more of them than the pool has threads all start, and the pool still runs"
    )
    func readsHoldNoPoolThread() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdftotext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A pdftotext that says it started, then waits (ten seconds at most) for the test to let it go.
        let tool = folder.appendingPathComponent("pdftotext")
        try """
        #!/bin/sh
        touch "\(folder.path)/started-$$"
        i=0
        while [ ! -e "\(folder.path)/go" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
        if [ -e "\(folder.path)/go" ]; then echo released; else echo "timed out"; fi
        """.write(to: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        let reader = PopplerTextReader(executable: tool.path)
        let reads = ProcessInfo.processInfo.activeProcessorCount + 2
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<reads { group.addTask { try await reader.text(ofPDF: TestPDF.blank()) } }
            // Runs on the pool: if the reads held its threads while waiting, this could not run
            // and the tools would time out instead of being let go.
            let deadline = ContinuousClock.now + .seconds(8)
            while ContinuousClock.now < deadline,
                try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasPrefix("started-") })
                    .count < reads
            {
                try await Task.sleep(for: .milliseconds(10))
            }
            FileManager.default.createFile(atPath: folder.appendingPathComponent("go").path, contents: nil)
            var answers: [String] = []
            for try await text in group { answers.append(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
            #expect(answers == Array(repeating: "released", count: reads))
        }
    }
}
