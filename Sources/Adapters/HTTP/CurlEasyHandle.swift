import Domain
import Foundation
import KopiCCurl

/// One libcurl easy handle. Reused across requests (after `curl_easy_reset`, which keeps the
/// handle's live connections), so keep-alive connections are reused. Used by one request at a
/// time, on the blocking executor; hence `@unchecked Sendable`.
final class CurlEasyHandle: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    init?() {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
    }

    deinit { curl_easy_cleanup(handle) }

    /// Performs a request synchronously. Blocks: call only from the blocking executor.
    func perform(_ request: HTTPClientRequest) -> Result<HTTPClientResponse, HTTPClientError> {
        curl_easy_reset(handle)
        let sink = ResponseSink(limit: request.maxResponseBytes)
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        let milliseconds = Int(request.timeout.milliseconds)
        _ = kopi_curl_setopt_string(handle, CURLOPT_URL, request.url)
        _ = kopi_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = kopi_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = kopi_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)
        _ = kopi_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(milliseconds, 5000))
        _ = kopi_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = kopi_curl_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, ResponseSink.writeBody)
        _ = kopi_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer)
        _ = kopi_curl_setopt_header_callback(handle, CURLOPT_HEADERFUNCTION, ResponseSink.writeHeader)
        _ = kopi_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer)
        for (name, value) in request.headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
        // Without a body curl adds no Expect header; with one, suppress the 100-continue round trip.
        headerList = curl_slist_append(headerList, "Expect:")
        _ = kopi_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)

        switch request.method {
        case "GET": _ = kopi_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        case "HEAD": _ = kopi_curl_setopt_long(handle, CURLOPT_NOBODY, 1)
        default: _ = kopi_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
        if let body = request.body {
            _ = kopi_curl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            // COPYPOSTFIELDS copies the bytes, so they need not outlive this call.
            _ = body.withUnsafeBytes { raw in
                kopi_curl_setopt_pointer(
                    handle, CURLOPT_COPYPOSTFIELDS,
                    UnsafeMutableRawPointer(mutating: raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
        }

        let code = curl_easy_perform(handle)
        if sink.overflowed { return .failure(.tooLarge) }
        guard code == CURLE_OK else {
            return .failure(code == CURLE_OPERATION_TIMEDOUT ? .timeout : .transport(code: Int(code.rawValue)))
        }
        var status = 0
        _ = kopi_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPClientResponse(status: status, headers: sink.headers, body: sink.body))
    }
}

/// Collects one response. Reached from libcurl's C callbacks through an unretained pointer that
/// lives as long as `perform`.
private final class ResponseSink {
    let limit: Int
    var body = Data()
    var headers: [String: String] = [:]
    var overflowed = false

    init(limit: Int) {
        self.limit = limit
    }

    static let writeBody: curl_write_callback = { data, size, count, userdata in
        let sink = Unmanaged<ResponseSink>.fromOpaque(userdata!).takeUnretainedValue()
        let length = size * count
        guard sink.body.count + length <= sink.limit else {
            sink.overflowed = true
            return 0  // makes libcurl stop with CURLE_WRITE_ERROR
        }
        if let data { sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length) }
        return length
    }

    static let writeHeader: curl_write_callback = { data, size, count, userdata in
        let sink = Unmanaged<ResponseSink>.fromOpaque(userdata!).takeUnretainedValue()
        let length = size * count
        guard let data else { return length }
        switch HTTPHeaderLine(UnsafeRawBufferPointer(start: data, count: length)) {
        case .statusLine: sink.headers.removeAll()  // a new response (after 100-continue)
        case .field(let name, let value): sink.headers[name] = value
        case .other: break
        }
        return length
    }
}
