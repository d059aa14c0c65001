import Application
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `/api/v1/privacy/*` (a person's data: export, erase) and `/api/v1/workspace/*` (the whole
/// workspace: export, delete). Admins only. A person is named in the body, never in the URL, so
/// no access log holds them.
struct PrivacyRoutes: Sendable {
    let people: PersonalDataService
    let workspace: WorkspaceDataService
    let authenticator: SessionAuthenticator
    let logger: Logger

    struct PersonBody: Decodable { let person: String }
    struct EraseBody: Decodable {
        let person: String
        let confirm: Bool
    }
    struct DeleteBody: Decodable { let confirm: String }

    func register(on router: Router<KopiRequestContext>) {
        router.post("api/v1/privacy/export") { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            let body = try await JSONBody.decode(PersonBody.self, from: request, limit: 4096)
            let export = try await people.export(try PersonalDataService.person(body.person), caller: caller)
            return JSONResponse.download(try export.json(), fileName: "kopi-personal-data.json")
        }
        router.post("api/v1/privacy/erase") { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            let body = try await JSONBody.decode(EraseBody.self, from: request, limit: 4096)
            let person = try PersonalDataService.person(body.person)
            guard body.confirm else {
                throw APIError.invalidInput(["confirm: true, to erase (it cannot be undone)."])
            }
            return try JSONResponse.encode(.ok, try await people.erase(person, caller: caller))
        }
        router.get("api/v1/workspace/export") { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            return Self.stream(try await workspace.export(caller: caller), logger: logger)
        }
        router.post("api/v1/workspace/delete") { request, _ in
            let caller = try await authenticator.require(request, role: .admin)
            let body = try await JSONBody.decode(DeleteBody.self, from: request, limit: 4096)
            let deletion = try await workspace.delete(caller: caller, confirmation: body.confirm)
            var response = try JSONResponse.encode(.ok, deletion)
            if deletion.callerDeleted { response.headers[.setCookie] = SessionAuthenticator.clearCookie }
            return response
        }
    }

    /// The export as a chunked download.
    static func stream(_ export: WorkspaceExport, logger: Logger) -> Response {
        StreamedDownload.response(
            contentType: "application/json; charset=utf-8", fileName: "kopi-workspace-\(export.tenant.id).json",
            what: "workspace export", logger: logger
        ) { write in try await export.write(write) }
    }
}
