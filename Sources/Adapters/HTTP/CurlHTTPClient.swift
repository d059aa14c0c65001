import Foundation
import KopiCCurl
import Synchronization

/// HTTP over libcurl. Requests run on a dedicated thread pool, never on Swift's cooperative pool;
/// idle easy handles are kept (with their open connections) for the next request.
public final class CurlHTTPClient: HTTPClient {
    private let executor: BlockingExecutor
    private let idle = Mutex<[CurlEasyHandle]>([])
    private let maxIdle: Int

    /// `curl_global_init` must run once before any handle exists; every libcurl user touches this.
    static let globalInitialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    public init(threads: Int = 8) {
        precondition(Self.globalInitialised, "libcurl failed to initialise")
        executor = BlockingExecutor(threads: threads)
        maxIdle = threads
    }

    public func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        let handle = idle.withLock { $0.popLast() } ?? CurlEasyHandle()
        guard let handle else { throw .transport(code: Int(CURLE_FAILED_INIT.rawValue)) }
        let result: Result<HTTPClientResponse, HTTPClientError>
        do {
            result = try await executor.run { handle.perform(request) }
        } catch {
            throw .transport(code: Int(CURLE_ABORTED_BY_CALLBACK.rawValue))
        }
        idle.withLock { if $0.count < maxIdle { $0.append(handle) } }
        return try result.get()
    }

    public func shutdown() async {
        idle.withLock { $0.removeAll() }
        await executor.shutdown()
    }
}
