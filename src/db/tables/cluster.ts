// Table types for the cluster migration (2026_11_23_0014): named leases held by one instance at a time.
export interface ClusterTables {
  leases: {
    /** what the lease guards, e.g. 'longconn' */
    name: string
    /** the instance holding it (random per process) */
    holder: string
    /** ISO time; after it anyone may take the lease */
    expires_at: string
    acquired_at: string
  }
}
