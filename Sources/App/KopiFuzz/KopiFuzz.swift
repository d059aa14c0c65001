import Foundation
import FuzzTargets

#if FUZZING
    /// libFuzzer's entry: the target named by `KOPI_FUZZ_TARGET` gets every input.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        guard let data else { return 0 }
        selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    let selected: FuzzTarget = {
        guard let name = ProcessInfo.processInfo.environment["KOPI_FUZZ_TARGET"],
            let target = FuzzTarget(rawValue: name)
        else {
            fatalError("set KOPI_FUZZ_TARGET to one of " + FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return target
    }()

    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's `main` to `<module>_main`; here that hands over to libFuzzer.
    @_cdecl("KopiFuzz_main")
    public func kopiFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
    }
#else
    /// Without the fuzzer: `kopi-fuzz TARGET PATH…` runs every file (or every file in each
    /// folder) through the target, to replay a corpus or a finding.
    @main
    struct KopiFuzz {
        static func main() throws {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
                print("usage: kopi-fuzz {" + FuzzTarget.allCases.map(\.rawValue).joined(separator: "|") + "} PATH…")
                exit(64)
            }
            var count = 0
            for path in arguments.dropFirst() {
                let url = URL(fileURLWithPath: path)
                let files =
                    (try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? [url]
                for file in files {
                    target.run(Array(try Data(contentsOf: file)))
                    count += 1
                }
            }
            print("\(name): \(count) input(s), no crash")
        }
    }
#endif
