import Foundation
import Synchronization

/// A TCP port on 127.0.0.1 for a test server to listen on.
///
/// The port comes from below the kernel's ephemeral range (`ip_local_port_range`), so no server
/// binding port 0 and no outgoing connection can take it between `find()` and the server's bind,
/// and one process never hands the same port out twice. It is free when returned: nothing is
/// bound to it.
public enum FreePort {
    private static let issued = Mutex<Set<Int>>([])

    public static func find() -> Int {
        let candidates = range()
        for _ in 0..<200 {
            let port = Int.random(in: candidates)
            let fresh = issued.withLock { $0.insert(port).inserted }
            if fresh, isBindable(port), !isListening(port) { return port }
        }
        return kernelChosen()
    }

    /// Ports 20000 up to the first ephemeral one: above Chromium's refused ports (the highest is
    /// 10080), below anything the kernel picks by itself.
    static func range() -> ClosedRange<Int> {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let first = text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32768
        return 20000...max(20999, first - 1)
    }

    /// Whether a listener could bind `port` now (bind without SO_REUSEADDR, then close).
    static func isBindable(_ port: Int) -> Bool {
        withSocket(port: port) { fd, address, _ in bind(fd, address, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }

    /// The kernel's choice (bind to port 0, read, close): only when no port below the ephemeral
    /// range is free.
    static func kernelChosen() -> Int {
        var chosen = 0
        _ = withSocket(port: 0) { fd, address, length in
            guard bind(fd, address, length.pointee) == 0, getsockname(fd, address, length) == 0 else { return false }
            chosen = Int(
                UInt16(bigEndian: address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }))
            return true
        }
        return chosen
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func isListening(_ port: Int) -> Bool {
        withSocket(port: port) { fd, address, _ in
            connect(fd, address, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }

    private static func withSocket(
        port: Int, _ body: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Bool
    ) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(fd, $0, &length) }
        }
    }
}
