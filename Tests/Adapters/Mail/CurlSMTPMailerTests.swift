import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

/// Against a real SMTP server process: aiosmtpd (installed by ./scripts/test) writing to a Maildir.
@Suite("SMTP mailer over libcurl", .serialized)
struct CurlSMTPMailerTests {
    final class SMTPServer {
        let process = Process()
        let maildir: URL
        let port = FreePort.find()

        init() throws {
            maildir = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-maildir-\(UUID().uuidString)")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox",
                maildir.path,
            ]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
        }

        func waitUntilListening() async throws {
            for _ in 0..<100 {
                if FreePort.isListening(port) { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("aiosmtpd did not start (is it installed? ./scripts/test installs it)")
        }

        func messages() throws -> [String] {
            let folder = maildir.appendingPathComponent("new")
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
                try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
            }
        }

        func stop() {
            // aiosmtpd keeps running on SIGTERM; it holds nothing worth a graceful stop.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: maildir)
        }
    }

    static func mailer(port: Int) -> CurlSMTPMailer {
        CurlSMTPMailer(
            configuration: SMTPConfiguration(
                url: "smtp://127.0.0.1:\(port)", from: EmailAddress("kopi@example.com")!, timeout: .seconds(5))!,
            randomness: SystemRandomness(), clock: SystemWallClock())
    }

    @Test("A message arrives with its headers, a UTF-8 subject and its body intact")
    func delivers() async throws {
        let server = try SMTPServer()
        defer { server.stop() }
        try await server.waitUntilListening()
        let body =
            "Sign in within 15 minutes:\nhttps://kopi.example/sign-in/confirm#token=abc\n.leading dot stays\nThanks"
        try await Self.mailer(port: server.port).send(
            MailMessage(to: EmailAddress("ana@example.com")!, subject: "Your Kopi sign-in link", body: body))
        try await Self.mailer(port: server.port).send(
            MailMessage(to: EmailAddress("ben@example.com")!, subject: "Café ☕ receipts", body: "ok"))
        let messages = try server.messages()
        #expect(messages.count == 2)
        let first = try #require(messages.first { $0.contains("ana@example.com") })
        #expect(first.contains("From: Kopi <kopi@example.com>") && first.contains("Subject: Your Kopi sign-in link"))
        #expect(first.contains("Content-Type: text/plain; charset=utf-8") && first.contains("#token=abc"))
        #expect(first.contains("\n.leading dot stays"), "dot-stuffing is undone by the server")
        let second = try #require(messages.first { $0.contains("ben@example.com") })
        #expect(second.contains("Subject: =?UTF-8?B?\(Data("Café ☕ receipts".utf8).base64EncodedString())?="))
    }

    @Test("A subject cannot inject headers")
    func headerInjection() async throws {
        let server = try SMTPServer()
        defer { server.stop() }
        try await server.waitUntilListening()
        try await Self.mailer(port: server.port).send(
            MailMessage(to: EmailAddress("ana@example.com")!, subject: "Hello\r\nBcc: evil@example.com", body: "x"))
        let message = try #require(try server.messages().first)
        #expect(!message.split(separator: "\n").contains { $0.hasPrefix("Bcc:") })
        #expect(message.contains("Subject: Hello  Bcc: evil@example.com"))
    }

    @Test("An unreachable server is a typed failure")
    func unreachable() async throws {
        await #expect(throws: MailError(curlCode: 7)) {
            try await Self.mailer(port: FreePort.find()).send(
                MailMessage(to: EmailAddress("ana@example.com")!, subject: "s", body: "b"))
        }
    }

    @Test("Only smtp and smtps URLs are accepted; credentials never reach the endpoint text")
    func configuration() {
        #expect(SMTPConfiguration(url: "http://mail.example.com", from: EmailAddress("a@b.co")!) == nil)
        #expect(
            SMTPConfiguration(url: "smtps://user:p%40ss@mail.example.com:465", from: EmailAddress("a@b.co")!) != nil)
    }
}
