internal import CHeapShim
#if canImport(Glibc)
import Glibc
#endif

/// Turns return addresses into demangled Swift (or C) function names, after recording.
///
/// Symbols come from each loaded object's ELF symbol table (`.symtab`, which SwiftPM builds keep, so
/// internal and private Swift functions are found too; `.dynsym` when there is none), read from its file;
/// the object and its load bias come from `dladdr1`. Names are demangled with the Swift runtime's
/// `swift_demangle` and shortened (`GoMap.GoMap._hashGrow()`: specialization prefixes and types dropped,
/// argument labels kept). An address no symbol covers is named `module+0xoffset`.
public final class Symbolizer {
    /// One symbolized frame.
    public struct Frame: Sendable, Hashable {
        /// The short demangled function name, or `module+0xoffset`.
        public var function: String
        /// The file name of the object holding the code (`mapheap`, `libswiftCore.so`, ...).
        public var module: String
    }

    private var objects: [String: _ELFSymbolTable?] = [:]
    private var cache: [UInt: Frame] = [:]

    /// Creates a symbolizer; object files are read on first use.
    public init() {}

    /// The frame for return address `address` (looked up at `address - 1`, inside the call instruction).
    public func frame(returnAddress address: UInt) -> Frame {
        if let known = cache[address] { return known }
        let frame = lookUp(address == 0 ? 0 : address - 1)
        cache[address] = frame
        return frame
    }

    private func lookUp(_ address: UInt) -> Frame {
        var pathPointer: UnsafePointer<CChar>?
        var bias: UInt = 0
        var dynamicSymbol: UnsafePointer<CChar>?
        guard mh_module_of(address, &pathPointer, &bias, &dynamicSymbol) != 0 else {
            return Frame(function: "0x" + String(address, radix: 16), module: "?")
        }
        var path = pathPointer.map { String(cString: $0) } ?? ""
        if path.isEmpty { path = "/proc/self/exe" }
        let module = path == "/proc/self/exe" ? _executableName() : String(path.split(separator: "/").last ?? "?")
        if objects[path] == nil { objects[path] = _ELFSymbolTable(path: path) }
        let fileAddress = address &- bias
        if let table = objects[path] ?? nil, let name = table.symbol(containing: UInt64(fileAddress)) {
            return Frame(function: Symbolizer.shortName(Symbolizer.demangle(name)), module: module)
        }
        if let dynamicSymbol {
            return Frame(function: Symbolizer.shortName(Symbolizer.demangle(String(cString: dynamicSymbol))),
                         module: module)
        }
        return Frame(function: "\(module)+0x" + String(fileAddress, radix: 16), module: module)
    }

    /// The Swift runtime's demangling of `name`, or `name` itself when it is not a Swift symbol.
    public static func demangle(_ name: String) -> String {
        guard name.hasPrefix("$s") || name.hasPrefix("_T") || name.hasPrefix("$S") else { return name }
        return name.withCString { cName in
            guard let demangled = _swift_demangle(cName, strlen(cName), nil, nil, 0) else { return name }
            defer { free(demangled) }
            return String(cString: demangled)
        }
    }

    /// A demangled name without what makes it long: `generic specialization <...> of`, `merged`, generic
    /// arguments, parameter types and the result type; argument labels stay (`f(_:orNil:)`). Closures keep
    /// their `closure #n in` prefix.
    public static func shortName(_ demangled: String) -> String {
        var text = Substring(demangled)
        let prefixes = ["merged ", "function signature specialization ", "generic specialization ",
                        "generic not re-abstracted specialization ", "partial apply forwarder for ",
                        "partial apply for ", "outlined ", "reabstraction thunk helper "]
        var changed = true
        while changed {
            changed = false
            for prefix in prefixes where text.hasPrefix(prefix) {
                text = text.dropFirst(prefix.count)
                if text.hasPrefix("<"), let close = _matching(text, from: text.startIndex) {
                    text = text[text.index(after: close)...]
                }
                if text.hasPrefix(" of ") { text = text.dropFirst(4) }
                changed = true
            }
        }
        if text.hasPrefix("closure #") || text.hasPrefix("implicit closure #") {
            // "closure #1 (A) -> B in f(...)": the closure's number, then where it is.
            var depth = 0
            var index = text.startIndex
            while index < text.endIndex {
                let character = text[index]
                if character == "(" || character == "<" { depth += 1 }
                if character == ")" || (character == ">" && text[text.index(before: index)] != "-") { depth -= 1 }
                if depth == 0 && text[index...].hasPrefix(" in ") {
                    let number = text.prefix { $0 != "(" }.trimmingSuffixSpaces()
                    return number + " in " + shortName(String(text[text.index(index, offsetBy: 4)...]))
                }
                index = text.index(after: index)
            }
        }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<", let close = _matching(text, from: index) {
                index = text.index(after: close)  // generic arguments
                continue
            }
            if character == "(" {
                guard let close = _matching(text, from: index) else { break }
                result += "(" + _labels(text[text.index(after: index)..<close]) + ")"
                index = text.index(after: close)
                // " in ..." (closures) goes on; " -> T" (the result type) ends the name.
                let rest = text[index...]
                if rest.hasPrefix(" in ") {
                    result += " in "
                    index = text.index(index, offsetBy: 4)
                    continue
                }
                break
            }
            result.append(character)
            index = text.index(after: index)
        }
        return result.isEmpty ? demangled : result
    }

    /// `_: Swift.Int, orNil: Swift.Bool` -> `_:orNil:`.
    static func _labels(_ parameters: Substring) -> String {
        var labels = ""
        var depth = 0
        var start = parameters.startIndex
        var index = parameters.startIndex
        func take(_ piece: Substring) {
            let trimmed = piece.drop { $0 == " " }
            if let colon = trimmed.firstIndex(of: ":"), !trimmed[..<colon].contains(" ") {
                labels += trimmed[..<colon] + ":"
            } else if !trimmed.isEmpty {
                labels += "_:"
            }
        }
        while index < parameters.endIndex {
            let character = parameters[index]
            if character == "(" || character == "<" || character == "[" { depth += 1 }
            if character == ")" || character == ">" || character == "]" { depth -= 1 }
            if character == "," && depth == 0 {
                take(parameters[start..<index])
                start = parameters.index(after: index)
            }
            index = parameters.index(after: index)
        }
        take(parameters[start...])
        return labels
    }

    /// The index of the bracket closing the one at `open` (`<`/`>` or `(`/`)`), ignoring `->`.
    static func _matching(_ text: Substring, from open: Substring.Index) -> Substring.Index? {
        let opening = text[open]
        let closing: Character = opening == "<" ? ">" : ")"
        var depth = 0
        var index = open
        var previous: Character = " "
        while index < text.endIndex {
            let character = text[index]
            if character == opening { depth += 1 }
            if character == closing && !(closing == ">" && previous == "-") {
                depth -= 1
                if depth == 0 { return index }
            }
            previous = character
            index = text.index(after: index)
        }
        return nil
    }
}

extension Substring {
    /// The text without trailing spaces.
    fileprivate func trimmingSuffixSpaces() -> String {
        var text = self
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

@_silgen_name("swift_demangle")
private func _swift_demangle(
    _ mangledName: UnsafePointer<CChar>?, _ mangledNameLength: Int, _ outputBuffer: UnsafeMutablePointer<CChar>?,
    _ outputBufferSize: UnsafeMutablePointer<Int>?, _ flags: UInt32
) -> UnsafeMutablePointer<CChar>?

/// The running executable's file name.
func _executableName() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return "executable" }
    let path = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return String(path.split(separator: "/").last ?? "executable")
}

/// The function symbols of one ELF file, sorted by address, read through a read-only mapping.
final class _ELFSymbolTable {
    private let base: UnsafeRawPointer
    private let length: Int
    /// (start, size, name offset in the string table), sorted by start.
    private let symbols: [(start: UInt64, size: UInt64, name: Int)]
    private let strings: Int

    init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 64 else { return nil }
        let length = Int(info.st_size)
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else { return nil }
        let base = UnsafeRawPointer(mapped)
        func u16(_ offset: Int) -> Int { Int(base.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
        func u32(_ offset: Int) -> Int { Int(base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        func u64(_ offset: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        // ELF64, little-endian only (x86-64, arm64).
        guard base.load(as: UInt32.self) == 0x464C_457F, base.load(fromByteOffset: 4, as: UInt8.self) == 2 else {
            munmap(mapped, length)
            return nil
        }
        let sectionsAt = Int(u64(0x28))
        let sectionSize = u16(0x3A)
        let sectionCount = u16(0x3C)
        guard sectionsAt > 0, sectionsAt + sectionSize * sectionCount <= length else {
            munmap(mapped, length)
            return nil
        }
        func section(_ index: Int) -> (type: Int, offset: Int, size: Int, link: Int) {
            let at = sectionsAt + index * sectionSize
            return (u32(at + 4), Int(u64(at + 24)), Int(u64(at + 32)), u32(at + 40))
        }
        let all = (0..<sectionCount).map(section)
        let symtabType = 2
        let dynsymType = 11
        guard let table = all.first(where: { $0.type == symtabType }) ?? all.first(where: { $0.type == dynsymType }),
              table.link < all.count, table.offset + table.size <= length else {
            munmap(mapped, length)
            return nil
        }
        let stringTable = all[table.link]
        var symbols: [(start: UInt64, size: UInt64, name: Int)] = []
        let entrySize = 24
        symbols.reserveCapacity(table.size / entrySize)
        for at in stride(from: table.offset, to: table.offset + table.size, by: entrySize) {
            let kind = base.load(fromByteOffset: at + 4, as: UInt8.self) & 0xF
            let value = u64(at + 8)
            let size = u64(at + 16)
            let functionType: UInt8 = 2
            guard kind == functionType, value != 0 else { continue }
            symbols.append((value, max(size, 1), u32(at)))
        }
        symbols.sort { $0.start < $1.start }
        self.base = base
        self.length = length
        self.symbols = symbols
        self.strings = stringTable.offset
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), length)
    }

    /// The name of the function symbol whose range holds `address` (a file address), or nil.
    func symbol(containing address: UInt64) -> String? {
        var low = 0
        var high = symbols.count
        while low < high {
            let middle = (low + high) / 2
            if symbols[middle].start <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let candidate = symbols[low - 1]
        guard address < candidate.start + candidate.size else { return nil }
        let at = strings + candidate.name
        guard at < length else { return nil }
        return String(cString: (base + at).assumingMemoryBound(to: CChar.self))
    }
}
