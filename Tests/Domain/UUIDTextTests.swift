import Domain
import Foundation
import Testing

@Suite("UUID text")
struct UUIDTextTests {
    @Test("Reads and writes what Foundation does, in either case, and orders identifiers as their text")
    func roundTrip() {
        for _ in 0..<2000 {
            let uuid = UUID()
            #expect(UUIDText.parse(uuid.uuidString) == uuid)
            #expect(UUIDText.parse(uuid.uuidString.lowercased()) == uuid)
            #expect(UUIDText.lowercase(uuid) == uuid.uuidString.lowercased())
        }
        let identifiers = (0..<500).map { _ in Identifier<Tenant>(UUID()) }
        #expect(identifiers.sorted().map(\.description) == identifiers.map(\.description).sorted())
        #expect(
            UUIDText.parse("00000000-0000-0000-0000-000000000000")
                == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
    }

    @Test(
        "Refuses anything but canonical text, as Foundation does",
        arguments: [
            "", "not-a-uuid", "3f2504e0-4f89-11d3-9a0c-0305e82c330", "3f2504e0-4f89-11d3-9a0c-0305e82c33011",
            "3f2504e04f89-11d3-9a0c-0305e82c3301-", "3f2504e0-4f89-11d3-9a0c-0305e82c330g",
            "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}",
            "3f2504e0-4f89-11d3-9a0c-0305e82c330 ", "3f2504e0_4f89_11d3_9a0c_0305e82c3301",
            "3f2504e0-4f89-11d3-9a0c-0305e82c33é",
        ])
    func refuses(_ text: String) {
        #expect(UUIDText.parse(text) == nil)
        #expect(UUID(uuidString: text) == nil)
    }
}
