import Fakes
import Foundation
import Testing

@Suite("Ports for test servers")
struct FreePortTests {
    @Test("A port is below the kernel's ephemeral range, free when handed out, and never handed out twice")
    func portsAreOursAlone() throws {
        let text = try String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)
        let firstEphemeral = try #require(text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) })
        let ports = (0..<200).map { _ in FreePort.find() }
        #expect(Set(ports).count == ports.count)
        #expect(ports.allSatisfy { (20000..<firstEphemeral).contains($0) })
        #expect(ports.allSatisfy { !FreePort.isListening($0) })
    }
}
