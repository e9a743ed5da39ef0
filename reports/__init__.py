"""Reports leaders take to meetings: the Excel recap and the PDF "Laporan ZI" per OPD."""
