module mapheap/go-peer

go 1.21
