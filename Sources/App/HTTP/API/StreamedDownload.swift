import Foundation
import Hummingbird
import Logging
import NIOCore

/// A file download written in pieces as they are produced (chunked), so a large export never
/// sits in memory. A failure after the first piece cuts the file short and is logged.
enum StreamedDownload {
    static func response(
        contentType: String, fileName: String, what: String, logger: Logger,
        _ produce: @escaping @Sendable ((String) async throws -> Void) async throws -> Void
    ) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: contentType, .contentDisposition: "attachment; filename=\"\(fileName)\"",
                .cacheControl: "no-store",
            ],
            body: ResponseBody { writer in
                do {
                    try await produce { piece in try await writer.write(ByteBuffer(string: piece)) }
                    try await writer.finish(nil)
                } catch {
                    logger.error("\(what) failed", metadata: ["error": "\(error)"])
                    throw error
                }
            })
    }
}
