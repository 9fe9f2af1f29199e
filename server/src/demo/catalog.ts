// The fixed ingredients of the demo data set: portals, categories, regencies, the seed article,
// title templates, names, referrers and the demo logins. generate.ts combines them with a seeded
// random generator; nothing here is random.

import type { KimActivityType } from '@jangkau/shared'

/** The article the project was created from (/work/shared/domain/seed-article.txt). */
export const SEED_ARTICLE = {
  url: 'https://diskominfo.kaltimprov.go.id/index.php/pemerintahan/diskominfo-kaltim-lakukan-koordinasi-dan-pembinaan-kim-ke-kutim',
  hostname: 'diskominfo.kaltimprov.go.id',
  title: 'Diskominfo Kaltim Lakukan Koordinasi dan Pembinaan KIM ke Kutim',
  categorySlug: 'pemerintahan',
  author: 'Nichita Heryananda Putri',
  /** 20 April 2022, 08:26 WITA. */
  publishedAt: new Date('2022-04-20T08:26:00+08:00'),
  regionCode: '64.08',
  /** "493 kali dilihat" on the portal. */
  views: 493,
} as const

export interface DemoSite {
  hostname: string
  name: string
  /** The province ("64") for the provincial portal, else the regency the portal belongs to. */
  regionCode: string
  /** Path of an article, from its category slug and its own slug. */
  path: (categorySlug: string, slug: string) => string
  /** Share of all demo articles published here. */
  share: number
  authors: string[]
}

export const DEMO_SITES: DemoSite[] = [
  {
    hostname: 'diskominfo.kaltimprov.go.id',
    name: 'Diskominfo Kaltim',
    regionCode: '64',
    path: (category, slug) => `/index.php/${category}/${slug}`,
    share: 0.55,
    authors: ['Nichita Heryananda Putri', 'Rizky Ananda Pratama', 'Sri Wahyuni', 'Muhammad Fadli', 'Dewi Kartika Sari', 'Yudha Saputra'],
  },
  {
    hostname: 'kutaitimurkab.go.id',
    name: 'Pemkab Kutai Timur',
    regionCode: '64.08',
    path: (_category, slug) => `/berita/${slug}`,
    share: 0.15,
    authors: ['Lisa Komentin', 'Andi Syamsuddin', 'Nur Aisyah'],
  },
  {
    hostname: 'kukarkab.go.id',
    name: 'Pemkab Kutai Kartanegara',
    regionCode: '64.02',
    path: (_category, slug) => `/berita/${slug}`,
    share: 0.18,
    authors: ['Aji Muhammad Rizal', 'Fitri Handayani', 'Hendra Gunawan', 'Siti Rahmawati'],
  },
  {
    hostname: 'beraukab.go.id',
    name: 'Pemkab Berau',
    regionCode: '64.03',
    path: (_category, slug) => `/berita/${slug}`,
    share: 0.12,
    authors: ['Rahmat Hidayat', 'Marlina Anggraini', 'Bayu Setiawan'],
  },
]

/** Categories with how often the portals write in them and how widely their articles are read. */
export const DEMO_CATEGORIES: { slug: string; name: string; weight: number; reach: number }[] = [
  { slug: 'pemerintahan', name: 'Pemerintahan', weight: 22, reach: 0.9 },
  { slug: 'kesehatan', name: 'Kesehatan', weight: 10, reach: 1.3 },
  { slug: 'pendidikan', name: 'Pendidikan', weight: 10, reach: 1.4 },
  { slug: 'ekonomi', name: 'Ekonomi', weight: 9, reach: 1.1 },
  { slug: 'infrastruktur', name: 'Infrastruktur', weight: 9, reach: 1.0 },
  { slug: 'pariwisata', name: 'Pariwisata', weight: 6, reach: 1.2 },
  { slug: 'sosial-budaya', name: 'Sosial Budaya', weight: 7, reach: 1.0 },
  { slug: 'lingkungan', name: 'Lingkungan', weight: 5, reach: 0.9 },
  { slug: 'olahraga', name: 'Olahraga', weight: 5, reach: 1.2 },
  { slug: 'teknologi', name: 'Teknologi', weight: 6, reach: 0.8 },
  { slug: 'hukum', name: 'Hukum', weight: 4, reach: 0.8 },
  { slug: 'pertanian', name: 'Pertanian', weight: 7, reach: 0.8 },
]

export interface DemoRegency {
  code: string
  name: string
  short: string
  kota: boolean
  /** How often the provincial portal writes about it (roughly its population). */
  newsWeight: number
  /** KIM groups it has in the demo (Kukar the most; Berau 8 and PPU 24 as reported). */
  kimGroups: number
  /** The first year its KIM were formed. */
  kimSince: number
}

export const DEMO_REGENCIES: DemoRegency[] = [
  { code: '64.01', name: 'Paser', short: 'Paser', kota: false, newsWeight: 5, kimGroups: 14, kimSince: 2016 },
  { code: '64.02', name: 'Kutai Kartanegara', short: 'Kukar', kota: false, newsWeight: 14, kimGroups: 58, kimSince: 2012 },
  { code: '64.03', name: 'Berau', short: 'Berau', kota: false, newsWeight: 6, kimGroups: 8, kimSince: 2018 },
  { code: '64.07', name: 'Kutai Barat', short: 'Kubar', kota: false, newsWeight: 4, kimGroups: 11, kimSince: 2017 },
  { code: '64.08', name: 'Kutai Timur', short: 'Kutim', kota: false, newsWeight: 8, kimGroups: 9, kimSince: 2020 },
  { code: '64.09', name: 'Penajam Paser Utara', short: 'PPU', kota: false, newsWeight: 6, kimGroups: 24, kimSince: 2015 },
  { code: '64.11', name: 'Mahakam Ulu', short: 'Mahulu', kota: false, newsWeight: 2, kimGroups: 5, kimSince: 2019 },
  { code: '64.71', name: 'Balikpapan', short: 'Balikpapan', kota: true, newsWeight: 14, kimGroups: 16, kimSince: 2013 },
  { code: '64.72', name: 'Samarinda', short: 'Samarinda', kota: true, newsWeight: 18, kimGroups: 27, kimSince: 2012 },
  { code: '64.74', name: 'Bontang', short: 'Bontang', kota: true, newsWeight: 5, kimGroups: 10, kimSince: 2014 },
]

/**
 * Title templates per category. {name} "Kutai Timur", {short} "Kutim", {gov} "Pemkab"/"Pemkot",
 * {head} "Bupati"/"Wali Kota", {village} a village of the regency, {year} the year of publication.
 */
export const TITLE_TEMPLATES: Record<string, string[]> = {
  pemerintahan: [
    '{head} {name} Lantik Pejabat Administrator dan Pengawas',
    'Pemprov Kaltim Gelar Rapat Koordinasi Pembangunan Bersama {gov} {name}',
    'DPRD {name} Bahas Rancangan APBD {year}',
    'Sosialisasi Keterbukaan Informasi Publik Digelar di {name}',
    'Musrenbang Kecamatan di {name} Serap Usulan Warga',
    'Diskominfo Kaltim Dorong Penguatan KIM di {short}',
    '{gov} {name} Raih Predikat Badan Publik Informatif',
    'Pelayanan Administrasi Kependudukan Jemput Bola di Desa {village}',
  ],
  kesehatan: [
    'Dinkes {name} Gencarkan Imunisasi Anak',
    'Posyandu Desa {village} Terima Bantuan Alat Kesehatan',
    'Cegah Stunting, {gov} {name} Perkuat Pendampingan Keluarga',
    'RSUD di {name} Tambah Layanan Dokter Spesialis',
    'Waspada DBD Musim Hujan, Warga {name} Diminta Lakukan 3M Plus',
    'Pemeriksaan Kesehatan Gratis Sasar Warga {village}',
  ],
  pendidikan: [
    'Beasiswa Kaltim Tuntas {year} Dibuka, Mahasiswa {name} Diminta Segera Mendaftar',
    'Jumlah Sekolah Penggerak di {name} Bertambah',
    'Siswa {name} Raih Medali Olimpiade Sains Nasional',
    'Perpustakaan Desa {village} Jadi Ruang Belajar Warga',
    'Guru di {name} Ikuti Pelatihan Kurikulum Merdeka',
    'Penerimaan Peserta Didik Baru {year} di {name} Dibuka',
  ],
  ekonomi: [
    'UMKM {name} Didorong Go Digital',
    'Harga Bahan Pokok di {name} Jelang Ramadan Terpantau Stabil',
    'Pasar Murah Digelar di {name} untuk Tekan Inflasi',
    'Produk Olahan Desa {village} Tembus Pasar Samarinda',
    'Realisasi Investasi di {name} Lampaui Target',
  ],
  infrastruktur: [
    'Perbaikan Jalan Poros di {name} Mulai Dikerjakan',
    'Jembatan Penghubung Desa {village} Rampung Dibangun',
    'Jaringan Air Bersih di {name} Capai Target {year}',
    'Pembangunan IKN dan Dampaknya bagi Konektivitas {name}',
    'Penerangan Jalan Umum Tenaga Surya Dipasang di {village}',
  ],
  pariwisata: [
    'Festival Budaya {name} Tarik Ribuan Wisatawan',
    'Desa Wisata {village} Masuk Nominasi Anugerah Desa Wisata Indonesia',
    'Pesona Alam {name} Jadi Tujuan Libur Akhir Tahun',
    'Pelaku Wisata {name} Ikuti Pelatihan Pemandu',
  ],
  'sosial-budaya': [
    '{gov} {name} Salurkan Bantuan bagi Warga Terdampak Banjir',
    'Lestarikan Tradisi, {name} Gelar Lomba Seni Budaya Daerah',
    'Gotong Royong Warga {village} Bersihkan Lingkungan',
    'Peringatan Hari Jadi {name} Berlangsung Meriah',
  ],
  lingkungan: [
    'Gerakan Menanam Pohon Serentak di {name}',
    'Penanganan Sampah Plastik Jadi Prioritas {gov} {name}',
    'Satgas Karhutla {name} Siaga Hadapi Musim Kemarau',
    'Warga Desa {village} Kelola Bank Sampah Mandiri',
  ],
  olahraga: [
    'Atlet {name} Siap Berlaga di Porprov Kaltim',
    'Turnamen Sepak Bola Antar Desa Digelar di {village}',
    'Kontingen {name} Pulang Bawa Medali Emas',
  ],
  teknologi: [
    'Diskominfo Perluas Jaringan Internet Desa di {name}',
    'Layanan Publik {name} Kini Bisa Diakses Lewat Aplikasi',
    'KIM {village} Produksi Konten Positif di Media Sosial',
    'Literasi Digital untuk Pelajar {name}',
    'Bimtek Dunia Digital bagi KIM se-{name}',
  ],
  hukum: [
    'Sosialisasi Anti Hoaks dan UU ITE Digelar di {name}',
    '{gov} {name} Teken Nota Kesepahaman dengan Kejaksaan',
    'Penyuluhan Hukum Keliling Sambangi Desa {village}',
  ],
  pertanian: [
    'Panen Raya Padi di Desa {village}',
    'Petani {name} Terima Bantuan Bibit Unggul',
    'Dinas Pertanian {name} Dorong Ketahanan Pangan',
    'Kelompok Tani {village} Kembangkan Pupuk Organik',
  ],
}

/** Where readers come from; null is a direct visit (typed address, app, bookmark). */
export const REFERRERS: [string | null, number][] = [
  [null, 24],
  ['www.google.com', 22],
  ['www.google.co.id', 8],
  ['m.facebook.com', 9],
  ['l.facebook.com', 5],
  ['web.whatsapp.com', 4],
  ['wa.me', 3],
  ['t.co', 2],
  ['x.com', 2],
  ['l.instagram.com', 4],
  ['news.google.com', 3],
  ['www.bing.com', 1],
  ['www.youtube.com', 1],
  ['kaltimprov.go.id', 2],
]

/** An article that spreads widely is passed around in chat and social media first. */
export const VIRAL_REFERRERS: [string | null, number][] = [
  [null, 20],
  ['web.whatsapp.com', 14],
  ['wa.me', 10],
  ['m.facebook.com', 20],
  ['l.facebook.com', 10],
  ['l.instagram.com', 8],
  ['t.co', 4],
  ['x.com', 4],
  ['www.google.com', 10],
]

/** Device classes as ingest stores them, and the browsers ua-parser-js names for each. */
export const DEVICES: ['mobile' | 'desktop' | 'tablet', number][] = [
  ['mobile', 73],
  ['desktop', 23],
  ['tablet', 4],
]
export const BROWSERS: Record<'mobile' | 'desktop' | 'tablet', [string, number][]> = {
  mobile: [
    ['Chrome', 52],
    ['Samsung Internet', 10],
    ['Mobile Safari', 9],
    ['Facebook', 10],
    ['Instagram', 4],
    ['MIUI Browser', 5],
    ['Opera Mini', 3],
    ['UCBrowser', 2],
    ['Chrome WebView', 5],
  ],
  desktop: [
    ['Chrome', 68],
    ['Edge', 15],
    ['Firefox', 9],
    ['Safari', 5],
    ['Opera', 3],
  ],
  tablet: [
    ['Chrome', 55],
    ['Mobile Safari', 35],
    ['Samsung Internet', 10],
  ],
}

/**
 * Relative reading activity per WITA hour (0–23): low at night, a morning peak from 08:00 during
 * office hours, a dip in the afternoon and a second, smaller peak in the evening.
 */
export const HOURLY_WEIGHTS = [1, 0.6, 0.4, 0.3, 0.5, 1.2, 2.5, 4.5, 6.5, 7.5, 7.5, 7, 6.5, 6.5, 6.5, 6, 5, 4, 3.5, 4.5, 5, 4.5, 3, 1.8]

/** Share of a weekday's readers who still read on Saturday and Sunday. */
export const WEEKEND_FACTOR = 0.6

// Names for KIM officers: common first and family names in East Kalimantan (Kutai, Banjar, Bugis,
// Javanese and Dayak families live side by side).
export const FIRST_NAMES_MALE = [
  'Ahmad',
  'Muhammad',
  'Rahmat',
  'Syahrani',
  'Hendra',
  'Rudi',
  'Agus',
  'Budi',
  'Dedi',
  'Eko',
  'Fajar',
  'Gusti',
  'Hasan',
  'Irfan',
  'Joko',
  'Yusuf',
  'Andi',
  'Arif',
  'Bambang',
  'Darmawan',
  'Firman',
  'Hairul',
  'Jumadi',
  'Kadir',
  'Lukman',
  'Mahyudin',
  'Nanang',
  'Rusdi',
  'Samsul',
  'Taufik',
  'Wahyu',
  'Yohanes',
  'Stefanus',
  'Ignatius',
  'Aji',
  'Awang',
]
export const FIRST_NAMES_FEMALE = [
  'Siti',
  'Nur',
  'Dewi',
  'Fitri',
  'Rahmawati',
  'Nurul',
  'Sri',
  'Wahyuni',
  'Lestari',
  'Indah',
  'Yuliana',
  'Marlina',
  'Aisyah',
  'Rina',
  'Hasanah',
  'Juwita',
  'Kartini',
  'Maria',
  'Novita',
  'Ratna',
  'Sulastri',
  'Yanti',
  'Dayang',
  'Mariana',
]
export const FAMILY_NAMES = [
  'Saputra',
  'Hidayat',
  'Rahman',
  'Pratama',
  'Wijaya',
  'Setiawan',
  'Kurniawan',
  'Nugroho',
  'Santoso',
  'Firmansyah',
  'Ramadhani',
  'Anggraini',
  'Puspita',
  'Sari',
  'Handayani',
  'Kusuma',
  'Syahputra',
  'Mappasessu',
  'Lahiya',
  'Noor',
  'Ansyari',
  'Aminuddin',
  'Baharuddin',
  'Juliansyah',
  'Hamzah',
  'Ngau',
  'Lawing',
  'Ding',
  'Effendi',
  'Rusli',
]

/** Activity titles per type; {short} is the regency's short name, {year} the activity's year. */
export const ACTIVITY_TEMPLATES: Record<KimActivityType, string[]> = {
  sosialisasi: [
    'Sosialisasi Keterbukaan Informasi Publik',
    'Sosialisasi Pencegahan Stunting',
    'Sosialisasi Anti Hoaks',
    'Sosialisasi Program Dana Desa',
    'Sosialisasi Pemilu Damai',
  ],
  bimtek: ['Bimtek Dunia Digital', 'Bimtek Pengelolaan Media Sosial', 'Bimtek Jurnalistik Warga', 'Bimtek Literasi Digital'],
  pelatihan: ['Pelatihan Fotografi dengan Ponsel', 'Pelatihan Menulis Berita', 'Pelatihan Videografi Dasar', 'Pelatihan Desain Grafis'],
  produksi_konten: [
    'Video Profil Desa',
    'Liputan Kegiatan Posyandu',
    'Informasi Jadwal Pelayanan Desa',
    'Konten Promosi UMKM Desa',
    'Liputan Gotong Royong Warga',
    'Infografis Penggunaan Dana Desa',
  ],
  rapat_koordinasi: ['Rapat Koordinasi Pengurus KIM', 'Rapat Koordinasi dengan Diskominfo {short}', 'Rapat Rencana Kerja KIM {year}'],
  pembinaan: ['Pembinaan KIM oleh Diskominfo Kaltim', 'Pembinaan KIM oleh Diskominfo {short}'],
  monev: ['Monitoring dan Evaluasi KIM {year}', 'Monev Kinerja KIM oleh Diskominfo {short}'],
  lomba: ['Seleksi KIM Fest Tingkat Kabupaten {year}', 'KIM Fest Provinsi Kalimantan Timur {year}', 'Lomba Konten Kreatif KIM {year}'],
  lainnya: ['Pendataan Informasi Warga', 'Pameran Produk Desa', 'Kunjungan Studi Banding KIM'],
}

/** How often each activity type happens; [min, max] participants and content items produced. */
export const ACTIVITY_TYPES: { type: KimActivityType; weight: number; participants: [number, number]; content: [number, number] }[] = [
  { type: 'produksi_konten', weight: 30, participants: [2, 8], content: [1, 12] },
  { type: 'sosialisasi', weight: 18, participants: [20, 80], content: [0, 3] },
  { type: 'rapat_koordinasi', weight: 12, participants: [5, 20], content: [0, 1] },
  { type: 'pembinaan', weight: 9, participants: [5, 25], content: [0, 2] },
  { type: 'bimtek', weight: 8, participants: [10, 40], content: [0, 5] },
  { type: 'pelatihan', weight: 8, participants: [8, 30], content: [0, 5] },
  { type: 'monev', weight: 6, participants: [3, 12], content: [0, 1] },
  { type: 'lomba', weight: 4, participants: [3, 10], content: [1, 5] },
  { type: 'lainnya', weight: 5, participants: [5, 40], content: [0, 2] },
]

/** The three KIM of Kutai Timur formed in 2020 by decree of the village head (the seed article). */
export const KUTIM_2020_KIM = [
  {
    villageCode: '64.08.12.2004', // Teluk Singkama, Sangatta Selatan
    formedOn: '2020-09-14',
    // Dormant in 2022 for lack of budget (the seed article), active again since 2023.
    history: [
      { status: 'aktif', on: '2020-09-14' },
      { status: 'vakum', on: '2022-01-10' },
      { status: 'aktif', on: '2023-03-06' },
    ],
    budget: 'ya',
  },
  {
    villageCode: '64.08.12.2003', // Sangkima, Sangatta Selatan
    formedOn: '2020-07-20',
    history: [
      { status: 'aktif', on: '2020-07-20' },
      { status: 'vakum', on: '2022-02-01' },
    ],
    budget: 'tidak',
  },
  {
    villageCode: '64.08.04.2011', // Singa Gembara, Sangatta Utara
    formedOn: '2020-11-23',
    history: [{ status: 'aktif', on: '2020-11-23' }],
    budget: 'belum diketahui',
  },
] as const

/** The Bimtek that KIM Teluk Singkama took part in, as told in the seed article. */
export const BIMTEK_DUNIA_DIGITAL = {
  villageCode: '64.08.12.2004',
  type: 'bimtek',
  title: 'Bimtek Dunia Digital',
  date: '2021-10-27',
  participants: 24,
  contentItems: 6,
  notes: 'Bimtek oleh Diskominfo Kaltim: pemanfaatan media sosial dan pembuatan konten positif menuju KIM digital.',
} as const

export interface DemoUser {
  email: string
  name: string
  password: string
  role: 'admin' | 'viewer' | 'operator'
  regions: string[]
  /** What the role is for, printed with the login. */
  description: string
}

/** The demo logins, printed at start and listed in the README. Demo only: change or delete them. */
export const DEMO_USERS: DemoUser[] = [
  {
    email: 'admin@jangkau.test',
    name: 'Admin Demo',
    password: 'demo-admin-123',
    role: 'admin',
    regions: [],
    description: 'admin: pengguna, situs, kategori / users, sites, categories',
  },
  {
    email: 'pimpinan@jangkau.test',
    name: 'Pimpinan Demo',
    password: 'demo-pimpinan-123',
    role: 'viewer',
    regions: [],
    description: 'viewer: melihat semua laporan / reads every report',
  },
  {
    email: 'operator.kutim@jangkau.test',
    name: 'Operator KIM Kutim',
    password: 'demo-kutim-123',
    role: 'operator',
    regions: ['64.08'],
    description: 'operator: mencatat KIM Kutai Timur / records KIM of Kutai Timur',
  },
]
