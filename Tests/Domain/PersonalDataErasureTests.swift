import Domain
import Foundation
import Testing

@Suite("Personal data erasure")
struct PersonalDataErasureTests {
    static let openID = "ou_7d8a6e6df7621556ce0d21922b676706"
    static let person = PersonReference.larkUser(openID: openID)
    static let pseudonym = Pseudonym(randomBytes: [0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 9])!
    static let tenant = TenantID(UUID())
    static let sgd = CurrencyCode("SGD")!

    @Test("A person is a Lark open id (ou_ and letters or digits) or an e-mail; anything else is refused")
    func references() {
        #expect(PersonReference.larkUser(" \(Self.openID) ") == Self.person)
        for bad in [
            "", "ou_", "on_7d8a6e6df7621556ce0d21922b676706", "ou_%", "ou_a b",
            "ou_" + String(repeating: "a", count: 65),
        ] {
            #expect(PersonReference.larkUser(bad) == nil, "\(bad)")
        }
        #expect(Self.person.actor == "lark:\(Self.openID)")
        let email = PersonReference.email(EmailAddress("Ana@Example.com")!)
        #expect(email.storedValue == "ana@example.com")
        #expect(email.actor == "ana@example.com")
    }

    @Test("A pseudonym is erased- and 16 hex digits of the randomness, never the person's id")
    func pseudonyms() {
        #expect(Self.pseudonym.value == "erased-deadbeef00010203")
        #expect(Pseudonym(randomBytes: [1, 2, 3]) == nil)
        #expect(Self.pseudonym.actor(replacing: Self.person) == "lark:erased-deadbeef00010203")
        #expect(Self.pseudonym.actor(replacing: .email(EmailAddress("a@b.co")!)) == "erased-deadbeef00010203")
    }

    @Test("An erased claim keeps its figures and loses the applicant, descriptions and file names")
    func claim() {
        let claim = Submission(
            id: SubmissionID(UUID()), tenantID: Self.tenant, flowID: FlowID(UUID()),
            instanceCode: "81D31358-93AF-4B8B-9C5E-7F4D1B2C3A4E", applicant: Self.openID, status: .pending,
            lineItems: [
                LineItem(
                    amount: Money(decimal: "42.50", currency: Self.sgd)!, date: Date(timeIntervalSince1970: 1.8e9),
                    category: "Meals", vendor: "Toast Box", description: "Lunch with Tan Wei Ming")
            ],
            attachments: [
                AttachmentFacts(
                    fileName: "Tan_Wei_Ming_receipt.PDF", mediaType: .pdf, size: 1200, contentHash: "abc",
                    outcome: .read),
                AttachmentFacts(fileName: "no extension", mediaType: nil, size: 5, contentHash: nil, outcome: .notRead),
            ],
            submittedAt: Date(timeIntervalSince1970: 1.8e9), updatedAt: Date(timeIntervalSince1970: 1.8e9))
        let erased = PersonalDataErasure.claim(claim, as: Self.pseudonym)
        #expect(erased.applicant == Self.pseudonym.value)
        #expect(erased.lineItems.map(\.description) == [nil])
        #expect(erased.attachments.map(\.fileName) == ["erased-1.pdf", "erased-2"])
        #expect(erased.claimedTotal == claim.claimedTotal)
        #expect(erased.category == claim.category)
        #expect(erased.vendorKey == claim.vendorKey)
        #expect(erased.expenseDate == claim.expenseDate)
        #expect(erased.attachments.map(\.contentHash) == claim.attachments.map(\.contentHash))
        #expect(!String(describing: erased).contains("Tan"))
        #expect(!String(describing: erased).contains(Self.openID))
    }

    @Test("An erased extraction keeps vendor, number and amounts, not its line descriptions")
    func extraction() {
        let total = Money(decimal: "42.50", currency: Self.sgd)!
        let extraction = InvoiceExtraction(
            contentHash: "abc", vendor: "Toast Box", invoiceNumber: "INV-7", total: total,
            lineItems: [ExtractedLine(description: "Guest: Tan Wei Ming", amount: total)])
        let erased = PersonalDataErasure.extraction(extraction)
        #expect(erased.lineItems == [ExtractedLine(description: nil, amount: total)])
        #expect(erased.invoiceKey == extraction.invoiceKey)
        #expect(erased.total == total)
    }

    @Test("An audit entry naming the person, as actor or in its detail, names the pseudonym instead")
    func audit() {
        let decided = AuditEntry(
            id: AuditEntryID(UUID()), tenantID: Self.tenant, submissionID: nil, at: Date(), actor: Self.person.actor,
            action: .decided, detail: ["outcome": "approve", "note": "by \(Self.openID)"], sequence: 4)
        let erased = PersonalDataErasure.auditEntry(decided, person: Self.person, as: Self.pseudonym)
        #expect(erased?.actor == "lark:\(Self.pseudonym.value)")
        #expect(erased?.detail == ["outcome": "approve", "note": "by \(Self.pseudonym.value)"])
        #expect(erased?.sequence == 4)
        #expect(erased?.id == decided.id)

        let mentioned = AuditEntry(
            id: AuditEntryID(UUID()), tenantID: Self.tenant, submissionID: nil, at: Date(), actor: "admin@acme.sg",
            action: .memberChanged, detail: ["email": "ana@acme.sg"])
        let ana = PersonReference.email(EmailAddress("ana@acme.sg")!)
        #expect(PersonalDataErasure.names(mentioned, ana))
        #expect(
            PersonalDataErasure.auditEntry(mentioned, person: ana, as: Self.pseudonym)?.detail["email"]
                == Self.pseudonym.value)
        #expect(PersonalDataErasure.auditEntry(mentioned, person: ana, as: Self.pseudonym)?.actor == "admin@acme.sg")
        #expect(PersonalDataErasure.auditEntry(mentioned, person: Self.person, as: Self.pseudonym) == nil)
        #expect(!PersonalDataErasure.names(mentioned, Self.person))
    }
}
