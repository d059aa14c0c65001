import Domain
import Foundation
import Ports
import Testing

@Suite("MemberStore contract")
struct MemberStoreContract {
    @Test("Members are added, listed, re-roled and removed", arguments: StoreKind.allCases)
    func lifecycle(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, owner) = try await Fixtures.workspace(in: test.storage)
            let invitee = Fixtures.user("invitee")
            try await test.storage.directory.createUser(invitee)
            let member = Member(tenantID: tenant.id, userID: invitee.id, role: .viewer, joinedAt: Fixtures.time(60))
            try await test.storage.withTenant(tenant.id) { scope async throws in
                try await scope.members.add(member)
                await #expect(throws: StoreError.duplicate) { try await scope.members.add(member) }
                #expect(try await scope.members.list().map(\.userID) == [owner.id, invitee.id])
                try await scope.members.updateRole(of: invitee.id, to: .approver)
                #expect(try await scope.members.member(invitee.id)?.role == .approver)
                try await scope.members.remove(invitee.id)
                #expect(try await scope.members.member(invitee.id) == nil)
                await #expect(throws: StoreError.notFound) { try await scope.members.remove(invitee.id) }
                await #expect(throws: StoreError.notFound) {
                    try await scope.members.updateRole(of: invitee.id, to: .admin)
                }
            }
        }
    }

    @Test("Adding an unknown user is an invalid reference", arguments: StoreKind.allCases)
    func unknownUser(kind: StoreKind) async throws {
        try await withStorage(kind) { test in
            let (tenant, _) = try await Fixtures.workspace(in: test.storage)
            let stranger = Member(
                tenantID: tenant.id, userID: Fixtures.randomness.identifier(), role: .viewer, joinedAt: Fixtures.epoch)
            await #expect(throws: StoreError.invalidReference) {
                try await test.storage.withTenant(tenant.id) { try await $0.members.add(stranger) }
            }
        }
    }
}
