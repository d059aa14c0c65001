import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("Attachment downloads")
struct LarkDownloadTests {
    @Test("Bytes arrive in memory with their hash, and the request carries no Authorization header")
    func download() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        // A token exists now.
        _ = try await fixture.gateway.instance(FakeLarkFixture.instanceCode, app: fixture.larkApp)
        let reference = AttachmentReference(fileName: "invoice.pdf", url: fixture.server.fileURL("invoice.pdf"))
        let fetched = try await fixture.gateway.download(reference, maxBytes: 1024)
        #expect(fetched.withBytes { $0 } == FakeLarkFixture.invoice)
        #expect(fetched.contentHash.count == 64 && fetched.mediaType == .pdf)
        let fileRequests = await fixture.server.state.requests.filter { $0.path.hasPrefix("/files/") }
        #expect(fileRequests.count == 1 && fileRequests.allSatisfy { $0.authorization == nil })
    }

    @Test("Files above the cap are refused without keeping the bytes")
    func sizeCap() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        await fixture.server.state.addFile(name: "big.pdf", bytes: Array(repeating: 0x41, count: 200_000))
        await #expect(throws: LarkError(.tooLarge)) {
            _ = try await fixture.gateway.download(
                AttachmentReference(fileName: "big.pdf", url: fixture.server.fileURL("big.pdf")), maxBytes: 100_000)
        }
    }

    @Test("Redirects are followed up to the cap, each hop checked")
    func redirects() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        let near = AttachmentReference(
            fileName: "a.pdf", url: fixture.server.redirectingFileURL("invoice.pdf", hops: 2))
        #expect(try await fixture.gateway.download(near, maxBytes: 1024).size == FakeLarkFixture.invoice.count)
        let far = AttachmentReference(fileName: "a.pdf", url: fixture.server.redirectingFileURL("invoice.pdf", hops: 5))
        await #expect(throws: LarkError(.forbiddenURL)) { _ = try await fixture.gateway.download(far, maxBytes: 1024) }
    }

    @Test(
        "Hosts outside the allow-list, plain http off loopback and credentials in URLs are refused",
        arguments: [
            "http://example.com/files/invoice.pdf", "https://evil.example/files/x.pdf",
            "https://byteimg.com.evil.example/x",
            "ftp://127.0.0.1/x", "https://user:pw@p3-approval-sign.byteimg.com/x", "file:///etc/passwd", "not a url",
        ])
    func forbidden(url: String) async throws {
        let fixture = try await FakeLarkFixture.start(downloadHosts: ["byteimg.com", "127.0.0.1"])
        defer { Task { await fixture.server.stop() } }
        await #expect(throws: LarkError(.forbiddenURL)) {
            _ = try await fixture.gateway.download(AttachmentReference(fileName: "x", url: url), maxBytes: 1024)
        }
    }

    @Test("A loopback host not on the allow-list is refused too")
    func loopbackNeedsAllowList() async throws {
        let fixture = try await FakeLarkFixture.start(downloadHosts: ["byteimg.com"])
        defer { Task { await fixture.server.stop() } }
        await #expect(throws: LarkError(.forbiddenURL)) {
            _ = try await fixture.gateway.download(
                AttachmentReference(fileName: "x", url: fixture.server.fileURL("invoice.pdf")), maxBytes: 1024)
        }
    }

    @Test("A missing or expired file is not found")
    func missing() async throws {
        let fixture = try await FakeLarkFixture.start()
        defer { Task { await fixture.server.stop() } }
        await #expect(throws: LarkError(.notFound)) {
            _ = try await fixture.gateway.download(
                AttachmentReference(fileName: "x", url: fixture.server.fileURL("gone.pdf")), maxBytes: 1024)
        }
    }
}
