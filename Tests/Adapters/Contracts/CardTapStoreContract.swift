import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("CardTapStore contract")
struct CardTapStoreContract {
    static func tap(
        _ tenant: TenantID, submission: SubmissionID, at seconds: Double,
        token: String? = "c-" + String(repeating: "7", count: 40)
    )
        -> CardTap
    {
        CardTap(
            id: Fixtures.randomness.identifier(), tenantID: tenant, submissionID: submission,
            approver: Fixtures.approver, choice: .approve,
            messageID: LarkIDs.messageID(), updateToken: token.map(Secret.init), receivedAt: Fixtures.time(seconds))
    }

    @Test(
        "Taps round-trip with their sealed token, settle, and list oldest first; ids are unique; submissions must exist",
        arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let flow = Fixtures.flow(tenant.id)
            let submission = Fixtures.submission(tenant.id, flow: flow.id)
            let later = Self.tap(tenant.id, submission: submission.id, at: 20, token: nil)
            let first = Self.tap(tenant.id, submission: submission.id, at: 10)
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.approvals.saveFlow(flow)
                try await scope.approvals.saveSubmission(submission)
                try await scope.taps.saveTap(later)
                try await scope.taps.saveTap(first)
                #expect(try await scope.taps.tap(first.id) == first)
                #expect(try await scope.taps.taps(for: submission.id) == [first, later])
                var settled = first
                settled.state = .failed
                settled.failure = "lark.signature_required(1390018)"
                settled.updateToken = nil
                try await scope.taps.updateTap(settled)
                #expect(try await scope.taps.tap(first.id) == settled)
                await #expect(throws: StoreError.notFound) {
                    try await scope.taps.updateTap(Self.tap(tenant.id, submission: submission.id, at: 3))
                }
            }
            // A failed save (reported at its call or at the commit) fails its transaction.
            await #expect(throws: StoreError.duplicate) {
                try await test.storage.withTenant(tenant.id) { try await $0.taps.saveTap(first) }
            }
            await #expect(throws: StoreError.invalidReference) {
                try await test.storage.withTenant(tenant.id) {
                    try await $0.taps.saveTap(Self.tap(tenant.id, submission: Fixtures.randomness.identifier(), at: 1))
                }
            }
            #expect(
                try await test.storage.withTenant(tenant.id) { try await $0.taps.taps(for: submission.id) }.count == 2)
            // Another workspace sees none of it.
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            #expect(try await test.storage.withTenant(other.id) { try await $0.taps.tap(first.id) } == nil)
        }
    }

    @Test("The callback token is sealed at rest: the SQLite file holds the tap but not the token")
    func sealedAtRest() async throws {
        try await withStorage(.sqlite) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let flow = Fixtures.flow(tenant.id)
            let submission = Fixtures.submission(tenant.id, flow: flow.id)
            let token = "c-CANARY-CARD-TOKEN-" + LarkIDs.hexForTests(20)
            let tap = Self.tap(tenant.id, submission: submission.id, at: 1, token: token)
            try await test.storage.withTenant(tenant.id) { scope in
                try await scope.approvals.saveFlow(flow)
                try await scope.approvals.saveSubmission(submission)
                try await scope.taps.saveTap(tap)
            }
            var bytes = Data()
            for suffix in ["", "-wal"] {
                bytes += (try? Data(contentsOf: URL(fileURLWithPath: try #require(test.sqlitePath) + suffix))) ?? Data()
            }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains(tap.messageID), "the search would not have found anything")
            #expect(!text.contains("CANARY-CARD-TOKEN"))
        }
    }
}

@Suite("LeaseStore contract")
struct LeaseStoreContract {
    @Test(
        "One owner at a time; the holder renews; a lapsed or released lease passes on; of concurrent takers exactly one wins",
        arguments: StoreKind.allCases)
    func exclusive(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let leases = test.storage.leases
            #expect(try await leases.acquire("sweep", owner: "a", for: 60, now: Fixtures.time(0)))
            #expect(try await !leases.acquire("sweep", owner: "b", for: 60, now: Fixtures.time(30)))
            #expect(try await leases.acquire("sweep", owner: "a", for: 60, now: Fixtures.time(30)), "the holder renews")
            #expect(try await !leases.acquire("sweep", owner: "b", for: 60, now: Fixtures.time(80)), "renewed until 90")
            #expect(try await leases.acquire("sweep", owner: "b", for: 60, now: Fixtures.time(91)), "lapsed")
            #expect(
                try await leases.acquire("other", owner: "a", for: 60, now: Fixtures.time(91)), "names are independent")
            try await leases.release("sweep", owner: "a")
            #expect(
                try await !leases.acquire("sweep", owner: "a", for: 60, now: Fixtures.time(92)),
                "only the holder releases")
            try await leases.release("sweep", owner: "b")
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await leases.acquire("sweep", owner: "w\(index)", for: 60, now: Fixtures.time(100))
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }
}
