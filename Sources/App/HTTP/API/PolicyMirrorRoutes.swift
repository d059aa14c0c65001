import Application
import Domain
import Foundation
import Hummingbird

/// `/api/v1/policy/documents` and `/api/v1/policy/proposals`: Mirror, the written policy as rules.
/// Admins import a policy (text, or a PDF as base64) and edit, accept or reject each proposal;
/// every member reads them.
struct PolicyMirrorRoutes: Sendable {
    let service: PolicyMirrorService
    let authenticator: SessionAuthenticator

    struct ImportBody: Decodable {
        let name: String?
        let text: String?
        /// A PDF, base64-encoded.
        let pdf: String?
    }

    struct DocumentView: Encodable {
        let id: String
        let name: String
        let characters: Int
        let importedAt: Date
        var text: String? = nil

        init(_ document: PolicyDocument, withText: Bool = false) {
            id = document.id.description
            name = document.name
            characters = document.text.count
            importedAt = document.importedAt
            text = withText ? document.text : nil
        }
    }

    struct ImportedView: Encodable {
        let document: DocumentView
        let proposals: [RuleProposalRecord]
    }

    /// Base64 of a 10 MB PDF, with room for the JSON around it.
    static let bodyLimit = PolicyDocument.maximumPDFBytes / 3 * 4 + 64 * 1024

    func register(on router: Router<KopiRequestContext>) {
        let documents = router.group("api/v1/policy/documents")
        documents.post { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            let body = try await JSONBody.decode(ImportBody.self, from: request, limit: Self.bodyLimit)
            let source: PolicyMirrorService.Source
            switch (body.text, body.pdf) {
            case (let text?, nil): source = .text(text)
            case (nil, let pdf?):
                guard let bytes = Data(base64Encoded: pdf) else {
                    throw APIError.invalidInput(["pdf: base64 of a PDF file."])
                }
                source = .pdf(Array(bytes))
            default: throw APIError.invalidInput(["Send the policy as text or as pdf, one of the two."])
            }
            let imported = try await service.importPolicy(name: body.name ?? "", source: source, caller: caller)
            return try JSONResponse.encode(
                .created,
                ImportedView(
                    document: DocumentView(imported.document),
                    proposals: imported.proposals.map { RuleProposalRecord($0, documentName: imported.document.name) }))
        }
        documents.get("{id}") { request, context in
            let caller = try await authenticator.require(request)
            let document = try await service.document(try context.id(as: PolicyDocumentID.self), caller: caller)
            return try JSONResponse.encode(.ok, DocumentView(document, withText: true))
        }
        let proposals = router.group("api/v1/policy/proposals")
        proposals.get { request, _ in
            let caller = try await authenticator.require(request)
            let listed = try await service.proposals(caller)
            return try JSONResponse.encode(
                .ok, ["items": listed.map { RuleProposalRecord($0.proposal, documentName: $0.documentName) }])
        }
        proposals.patch("{id}") { request, context in
            let caller = try await authenticator.require(request, role: .admin)
            let rule = try await JSONBody.decode(PolicyRule.self, from: request, limit: 4096)
            let edited = try await service.edit(try context.id(as: RuleProposalID.self), rule: rule, caller: caller)
            return try JSONResponse.encode(.ok, RuleProposalRecord(edited))
        }
        proposals.post("{id}/accept") { request, context in
            let caller = try await authenticator.require(request, role: .admin)
            let accepted = try await service.accept(try context.id(as: RuleProposalID.self), caller: caller)
            return try JSONResponse.encode(.ok, RuleProposalRecord(accepted))
        }
        proposals.post("{id}/reject") { request, context in
            let caller = try await authenticator.require(request, role: .admin)
            let rejected = try await service.reject(try context.id(as: RuleProposalID.self), caller: caller)
            return try JSONResponse.encode(.ok, RuleProposalRecord(rejected))
        }
    }
}
