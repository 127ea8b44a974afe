import GoMap
import HeapStats
