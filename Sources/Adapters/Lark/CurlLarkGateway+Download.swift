import Crypto
public import Domain
import Foundation
public import Ports

extension CurlLarkGateway {
    public func download(_ reference: AttachmentReference, maxBytes: Int) async throws(LarkError) -> FetchedAttachment {
        var url = reference.url
        for _ in 0...configuration.maxRedirects {
            try checkDownloadURL(url)
            let request = HTTPClientRequest(
                method: "GET", url: url, timeout: configuration.downloadTimeout, maxResponseBytes: maxBytes)
            let response: HTTPClientResponse
            do {
                response = try await withRetries(path: "download") { () throws(LarkError) in
                    let response: HTTPClientResponse
                    do {
                        response = try await http.send(request)
                    } catch HTTPClientError.tooLarge {
                        throw LarkError(.tooLarge)
                    } catch {
                        throw LarkError(.transport)
                    }
                    if response.status >= 500 { throw LarkError(.unavailable) }
                    return response
                }
            }
            if (300..<400).contains(response.status), let location = response.headers["location"],
                let next = URL(string: location, relativeTo: URL(string: url))?.absoluteString
            {
                url = next
                continue
            }
            guard response.status == 200 else { throw LarkError(response.status == 429 ? .rateLimited : .notFound) }
            let bytes = Array(response.body)
            let hash = Hex.lowercase(SHA256.hash(data: bytes))
            return FetchedAttachment(reference: reference, bytes: bytes, contentHash: hash)
        }
        throw LarkError(.forbiddenURL)
    }

    /// https to an allow-listed host; plain http only to a loopback address (local fakes).
    func checkDownloadURL(_ text: String) throws(LarkError) {
        guard let url = URLComponents(string: text), let host = url.host?.lowercased(), !host.isEmpty,
            url.user == nil, url.password == nil
        else { throw LarkError(.forbiddenURL) }
        let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        guard url.scheme == "https" || (url.scheme == "http" && loopback) else { throw LarkError(.forbiddenURL) }
        let allowed = configuration.downloadHosts.contains { suffix in
            let suffix = suffix.lowercased()
            return host == suffix || host.hasSuffix("." + suffix)
        }
        guard allowed else { throw LarkError(.forbiddenURL) }
    }
}
