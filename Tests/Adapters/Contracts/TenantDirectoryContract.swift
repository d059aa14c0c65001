import Domain
import Fakes
import Foundation
import Ports
import Testing

@Suite("TenantDirectory contract")
struct TenantDirectoryContract {
    @Test("A workspace round-trips by id and by endpoint id, with its creator as admin", arguments: StoreKind.allCases)
    func workspaceRoundTrip(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, owner) = try await Fixtures.workspace(in: test.storage)
            #expect(try await test.storage.directory.tenant(id: tenant.id) == tenant)
            #expect(try await test.storage.directory.tenant(endpointID: tenant.endpointID) == tenant)
            #expect(try await test.storage.directory.tenant(endpointID: Fixtures.randomness.endpointID()) == nil)
            let memberships = try await test.storage.directory.memberships(of: owner.id)
            #expect(memberships.map(\.tenantID) == [tenant.id])
            #expect(memberships.first?.role == .admin)
        }
    }

    @Test("A reused endpoint id or tenant id is a duplicate", arguments: StoreKind.allCases)
    func duplicateWorkspace(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, owner) = try await Fixtures.workspace(in: test.storage)
            let sameEndpoint = Tenant(
                id: Fixtures.randomness.identifier(), name: "Other", larkDomain: .feishu, endpointID: tenant.endpointID,
                createdAt: Fixtures.epoch)
            await #expect(throws: StoreError.duplicate) {
                try await test.storage.directory.createWorkspace(sameEndpoint, owner: owner.id)
            }
            await #expect(throws: StoreError.duplicate) {
                try await test.storage.directory.createWorkspace(tenant, owner: owner.id)
            }
        }
    }

    @Test("Users are unique by e-mail and Google subject, and can be found by each", arguments: StoreKind.allCases)
    func users(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let directory = test.storage.directory
            var user = Fixtures.user()
            try await directory.createUser(user)
            #expect(try await directory.user(id: user.id) == user)
            #expect(try await directory.user(email: user.email) == user)
            let clash = User(id: Fixtures.randomness.identifier(), email: user.email, createdAt: Fixtures.epoch)
            await #expect(throws: StoreError.duplicate) { try await directory.createUser(clash) }

            user.googleSubject = "google-sub-1"
            try await directory.updateUser(user)
            #expect(try await directory.user(googleSubject: "google-sub-1")?.id == user.id)
            var other = Fixtures.user()
            try await directory.createUser(other)
            other.googleSubject = "google-sub-1"
            await #expect(throws: StoreError.duplicate) { try await directory.updateUser(other) }
            await #expect(throws: StoreError.notFound) { try await directory.updateUser(Fixtures.user()) }
        }
    }

    @Test("Deleting a workspace removes everything it owns", arguments: StoreKind.allCases)
    func deleteWorkspace(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, owner) = try await Fixtures.workspace(in: test.storage)
            let flow = Fixtures.flow(tenant.id)
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.approvals.saveFlow(flow)
                try await scope.approvals.saveSubmission(Fixtures.submission(tenant.id, flow: flow.id))
                _ = try await scope.inbox.insertIfAbsent(
                    InboxEvent(
                        tenantID: tenant.id, eventID: LarkIDs.stable(.eventID, "e1"), type: "approval_instance",
                        receivedAt: Fixtures.epoch))
                _ = try await scope.scheduler.enqueue(Fixtures.job(tenant.id))
            }
            try await test.storage.directory.deleteWorkspace(tenant.id)
            #expect(try await test.storage.directory.tenant(id: tenant.id) == nil)
            #expect(try await test.storage.directory.memberships(of: owner.id).isEmpty)
            #expect(try await test.storage.jobs.claim(worker: "w", lease: .seconds(30), now: Fixtures.time(10)) == nil)
            await #expect(throws: StoreError.notFound) { try await test.storage.directory.deleteWorkspace(tenant.id) }
        }
    }

    @Test(
        "A user left in no workspace is deleted with their sessions and sign-in links; a member is kept",
        arguments: StoreKind.allCases)
    func deleteUnattachedUser(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let directory = test.storage.directory
            let (tenant, owner) = try await Fixtures.workspace(in: test.storage)
            let (other, _) = try await Fixtures.workspace(in: test.storage, name: "Other")
            try await test.storage.withTenant(other.id) {
                try await $0.members.add(
                    Member(tenantID: other.id, userID: owner.id, role: .viewer, joinedAt: Fixtures.epoch))
            }
            let hash = Fixtures.randomness.bytes(32)
            try await test.storage.auth.insertSession(
                Session(
                    idHash: hash, userID: owner.id, activeTenantID: tenant.id, createdAt: Fixtures.epoch,
                    lastSeenAt: Fixtures.epoch))
            try await test.storage.auth.insertMagicLink(
                MagicLinkToken(tokenHash: Fixtures.randomness.bytes(32), email: owner.email, createdAt: Fixtures.epoch))
            #expect(try await directory.deleteUserIfUnattached(owner.id) == false)
            try await directory.deleteWorkspace(tenant.id)
            #expect(try await directory.deleteUserIfUnattached(owner.id) == false, "still a member of the other")
            try await test.storage.withTenant(other.id) { try await $0.members.remove(owner.id) }
            #expect(try await directory.deleteUserIfUnattached(owner.id))
            #expect(try await directory.user(id: owner.id) == nil)
            #expect(try await test.storage.auth.session(hash: hash, now: Fixtures.time(1)) == nil)
            #expect(try await test.storage.auth.magicLinksIssued(to: owner.email, since: Fixtures.time(-1)) == 0)
            #expect(try await directory.deleteUserIfUnattached(owner.id) == false)
        }
    }
}
