import Domain
import Testing

@Suite("Attachment lifecycle")
struct AttachmentLifecycleTests {
    @Test(
        "Media types come from magic bytes",
        arguments: [
            (Array("%PDF-1.7\n".utf8), MediaType.pdf), ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], .png),
            ([0xFF, 0xD8, 0xFF, 0xE0], .jpeg), (Array("GIF89a..".utf8), .gif),
            (Array("RIFF\0\0\0\0WEBPVP8 ".utf8), .webp),
        ])
    func sniffs(bytes: [UInt8], type: MediaType) {
        #expect(MediaType.sniff(bytes) == type)
    }

    @Test(
        "Unreadable types are not guessed from their names",
        arguments: [
            Array("\0\0\0\u{18}ftypheic".utf8), Array("PK\u{3}\u{4}".utf8), Array("hello".utf8), [],
            Array("RIFF\0\0\0\0WAVE".utf8),
        ])
    func refuses(bytes: [UInt8]) {
        #expect(MediaType.sniff(bytes) == nil)
    }

    @Test("Only the documented transitions are allowed, and only discarded is storable")
    func transitions() {
        let allowed: Set<String> = [
            "referenced>fetched", "referenced>discarded", "fetched>read", "fetched>discarded", "read>discarded",
        ]
        for from in AttachmentLifecycle.allCases {
            for to in AttachmentLifecycle.allCases {
                #expect(from.canMove(to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) -> \(to)")
            }
        }
        #expect(AttachmentLifecycle.allCases.filter(\.isStorable) == [.discarded])
        #expect(AttachmentLifecycle.allCases.filter(\.holdsBytes) == [.fetched, .read])
    }

    @Test("Discarding leaves facts without bytes; the facts are the only storable form")
    func discard() throws {
        let canary = Array("%PDF-1.4 CANARY-INVOICE-BYTES".utf8)
        let fetched = FetchedAttachment(
            reference: AttachmentReference(fileName: "taxi.pdf", url: "https://lark/x"), bytes: canary,
            contentHash: "abc")
        #expect(fetched.mediaType == .pdf)
        #expect(fetched.withBytes { $0 } == canary)
        let facts = fetched.discard(.read)
        #expect(
            facts
                == AttachmentFacts(
                    fileName: "taxi.pdf", mediaType: .pdf, size: canary.count, contentHash: "abc", outcome: .read))
        let mirror = Mirror(reflecting: facts)
        #expect(mirror.children.allSatisfy { !($0.value is [UInt8]) })
        #expect(!"\(facts)".contains("CANARY"))
    }
}
