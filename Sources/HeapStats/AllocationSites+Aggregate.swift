/// One allocation site: a symbolized call stack (the allocator's own frames removed) and its bytes.
///
/// Stacks whose frames symbolize to the same functions are merged. The site's *function* is the first frame,
/// counting from the allocation, that is neither the Swift runtime or standard library (`libswiftCore.so`)
/// nor a plain malloc wrapper (GoMap's `_calloc`, `_malloc`, `_realloc`, `_callocOrNil`): the code that asked
/// for the memory.
public struct AllocationSite: Sendable, Hashable {
    /// Function names, innermost (the allocation) first; jemalloc's and the hook's frames removed.
    public var stack: [String]
    /// The index in `stack` of the site's function.
    public var functionIndex: Int
    /// Bytes allocated here and not freed when recording stopped.
    public var liveBytes: Int
    /// Bytes allocated here and not freed at the peak mark.
    public var peakLiveBytes: Int
    /// Bytes ever allocated here while recording.
    public var totalBytes: Int
    /// Allocations made here (estimated when sampled).
    public var allocations: Int
    /// Allocations actually recorded here.
    public var samples: Int

    /// Creates a site from raw values.
    public init(stack: [String], functionIndex: Int, liveBytes: Int, peakLiveBytes: Int, totalBytes: Int,
                allocations: Int, samples: Int) {
        self.stack = stack
        self.functionIndex = functionIndex
        self.liveBytes = liveBytes
        self.peakLiveBytes = peakLiveBytes
        self.totalBytes = totalBytes
        self.allocations = allocations
        self.samples = samples
    }

    /// The function that asked for the memory.
    public var function: String { stack.indices.contains(functionIndex) ? stack[functionIndex] : "?" }

    /// The function that called it, or nil at the root.
    public var caller: String? { stack.indices.contains(functionIndex + 1) ? stack[functionIndex + 1] : nil }
}

extension AllocationSites {
    /// Functions that only pass a request on to malloc; a site names their caller instead.
    public static let mallocWrappers: Set<String> = [
        "GoMap._calloc(_:_:)", "GoMap._malloc(_:)", "GoMap._realloc(_:_:)", "GoMap._callocOrNil(_:_:)",
    ]

    /// Symbolizes `stacks`, removes the allocator's frames, and merges stacks with the same functions.
    /// Sites come in descending order of live bytes at the peak, then of total bytes.
    public static func sites(from stacks: [RecordedStack], symbolizer: Symbolizer = Symbolizer())
        -> [AllocationSite] {
        var merged: [[String]: AllocationSite] = [:]
        var order: [[String]] = []
        for recorded in stacks {
            let frames = recorded.frames.map { symbolizer.frame(returnAddress: $0) }
            // Everything up to the outermost jemalloc frame (malloc, calloc, ...) is the hook's and jemalloc's.
            let firstOwn = (frames.lastIndex { $0.module.hasPrefix("libjemalloc") }).map { $0 + 1 } ?? 0
            let own = Array(frames[firstOwn...])
            guard !own.isEmpty else { continue }
            let functionIndex = own.firstIndex {
                !$0.module.hasPrefix("libswiftCore") && !mallocWrappers.contains($0.function)
            } ?? 0
            let names = own.map(\.function)
            if var site = merged[names] {
                site.liveBytes += recorded.liveBytes
                site.peakLiveBytes += recorded.peakLiveBytes
                site.totalBytes += recorded.totalBytes
                site.allocations += recorded.allocations
                site.samples += recorded.samples
                merged[names] = site
            } else {
                order.append(names)
                merged[names] = AllocationSite(
                    stack: names, functionIndex: functionIndex, liveBytes: recorded.liveBytes,
                    peakLiveBytes: recorded.peakLiveBytes, totalBytes: recorded.totalBytes,
                    allocations: recorded.allocations, samples: recorded.samples)
            }
        }
        let sites = order.compactMap { merged[$0] }
        return sites.sorted {
            ($0.peakLiveBytes, $0.totalBytes, $0.liveBytes) > ($1.peakLiveBytes, $1.totalBytes, $1.liveBytes)
        }
    }
}
