import Application
import Foundation
import Hummingbird
import NIOCore
import Ports

/// `/.well-known/security.txt` (RFC 9116), with an `Expires` always about six months ahead.
struct SecurityTxtRoute: Sendable {
    let publicURL: URL
    let clock: any WallClock

    func register(on router: Router<KopiRequestContext>) {
        router.get(".well-known/security.txt") { _, _ in
            var response = Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text())))
            response.headers[.cacheControl] = "max-age=86400"
            return response
        }
    }

    func text() -> String {
        let expires = clock.now().addingTimeInterval(180 * 86400).ISO8601Format()
        let host = publicURL.host ?? "localhost"
        return """
            Contact: mailto:security@\(host)
            Expires: \(expires)
            Preferred-Languages: en
            Canonical: \(publicURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")))/.well-known/security.txt

            """
    }
}
