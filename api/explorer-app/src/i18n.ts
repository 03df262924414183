// Every label of the explorer in Vietnamese (the default) and English.
export type Lang = "vi" | "en";

const labels = {
  title: { vi: "Hệ sinh thái công nghiệp Việt Nam", en: "Vietnam's industrial ecosystems" },
  skip: { vi: "Bỏ qua, đến nội dung", en: "Skip to content" },
  navSearch: { vi: "Tìm kiếm", en: "Search" },
  language: { vi: "English", en: "Tiếng Việt" },
  apiKey: { vi: "Khóa API", en: "API key" },
  apiKeyHint: { vi: "Giữ trong phiên này; cần để xem giá trị giao dịch.", en: "Kept for this session; needed to see trade values." },
  apiKeySave: { vi: "Dùng khóa", en: "Use key" },
  apiKeyClear: { vi: "Bỏ khóa", en: "Forget key" },
  apiKeyOn: { vi: "Đang dùng khóa API.", en: "Using an API key." },
  apiKeyOff: { vi: "Chưa có khóa: chỉ dữ liệu công khai.", en: "No key: public facts only." },
  searchHeading: { vi: "Tìm doanh nghiệp, khu công nghiệp, tỉnh, ngành, liên kết", en: "Find firms, parks, provinces, sectors, alliances" },
  searchLabel: { vi: "Từ khóa (có thể gõ không dấu)", en: "Search words (diacritics optional)" },
  searchButton: { vi: "Tìm", en: "Search" },
  searchNone: { vi: "Không tìm thấy kết quả.", en: "Nothing found." },
  searchCount: { vi: "kết quả", en: "results" },
  kindFirm: { vi: "Doanh nghiệp", en: "Firm" },
  kindPark: { vi: "Khu/cụm công nghiệp", en: "Park" },
  kindProvince: { vi: "Tỉnh/thành", en: "Province" },
  kindSector: { vi: "Ngành VSIC", en: "VSIC sector" },
  kindAlliance: { vi: "Liên minh", en: "Alliance" },
  kindRegion: { vi: "Vùng", en: "Region" },
  kindCorridor: { vi: "Hành lang", en: "Corridor" },
  kindSource: { vi: "Nguồn", en: "Source" },
  kindProduct: { vi: "Sản phẩm (HS)", en: "Product (HS)" },
  kindProcess: { vi: "Quy trình sản xuất", en: "Process" },
  kindStandard: { vi: "Tiêu chuẩn chứng nhận", en: "Certification standard" },
  kindRequest: { vi: "Yêu cầu tìm nhà cung ứng", en: "Sourcing request" },
  loading: { vi: "Đang tải…", en: "Loading…" },
  error: { vi: "Không tải được dữ liệu", en: "The data could not be loaded" },
  firmFacts: { vi: "Thông tin", en: "Facts" },
  taxCode: { vi: "Mã số thuế", en: "Tax code" },
  country: { vi: "Quốc gia", en: "Country" },
  ownership: { vi: "Sở hữu", en: "Ownership" },
  roles: { vi: "Vai trò", en: "Roles" },
  province: { vi: "Tỉnh/thành", en: "Province" },
  mergedInto: { vi: "nay thuộc", en: "now part of" },
  park: { vi: "Khu/cụm công nghiệp", en: "Park" },
  sectors: { vi: "Ngành", en: "Sectors" },
  alliances: { vi: "Liên minh", en: "Alliances" },
  sources: { vi: "Nguồn", en: "Sources" },
  synthetic: { vi: "dữ liệu tổng hợp (không có thật)", en: "synthetic data (not real)" },
  none: { vi: "không có", en: "none" },
  network: { vi: "Mạng lưới cung ứng", en: "Supply network" },
  direction: { vi: "Chiều", en: "Direction" },
  upstream: { vi: "Nhà cung cấp (thượng nguồn)", en: "Suppliers (upstream)" },
  downstream: { vi: "Khách hàng (hạ nguồn)", en: "Customers (downstream)" },
  depth: { vi: "Số tầng", en: "Tiers" },
  domestic: { vi: "Trong nước (VN)", en: "Domestic (VN)" },
  foreign: { vi: "Nước ngoài", en: "Foreign" },
  shown: { vi: "doanh nghiệp được hiển thị", en: "firms shown" },
  truncated: { vi: "Chuỗi quá lớn, đã cắt ở tầng cuối cùng vừa đủ.", en: "The chain was cut at the last whole tier that fits." },
  exportWhole: { vi: "Tệp GraphML và CSV tải về có toàn bộ chuỗi", en: "The GraphML and CSV downloads hold the whole chain" },
  perTier: { vi: "Chỉ hiển thị tối đa 2.500 doanh nghiệp; một số tầng bị cắt.", en: "At most 2,500 firms are drawn; some tiers are cut." },
  networkHelp: { vi: "Nhấn vào một doanh nghiệp để lấy làm trung tâm; rê chuột lên doanh nghiệp hoặc liên kết để xem tên hoặc sản phẩm; cuộn để phóng to, kéo để di chuyển.", en: "Click a firm to centre on it; hover a firm or a link for its name or product; scroll to zoom, drag to move." },
  syntheticShown: { vi: "doanh nghiệp tổng hợp (không có thật, tên kết thúc bằng “(synthetic)”).", en: "synthetic firms (not real; their names end in “(synthetic)”)." },
  exportGraphml: { vi: "Tải GraphML", en: "Download GraphML" },
  exportCsv: { vi: "Tải CSV", en: "Download CSV" },
  product: { vi: "Sản phẩm", en: "Product" },
  value: { vi: "Giá trị (USD/năm)", en: "Value (USD/year)" },
  own_DOMESTIC_PRIVATE: { vi: "Tư nhân trong nước", en: "Domestic private" },
  own_STATE: { vi: "Nhà nước", en: "State-owned" },
  own_FDI: { vi: "Vốn đầu tư nước ngoài (FDI)", en: "Foreign-invested (FDI)" },
  own_JOINT_VENTURE: { vi: "Liên doanh", en: "Joint venture" },
  role_LEAD_FIRM: { vi: "Doanh nghiệp dẫn dắt", en: "Lead firm" },
  role_SUPPORTING_INDUSTRY: { vi: "Công nghiệp hỗ trợ", en: "Supporting industry" },
  role_PARK_DEVELOPER: { vi: "Chủ đầu tư hạ tầng KCN", en: "Park developer" },
  role_LOGISTICS: { vi: "Logistics", en: "Logistics" },
  navDashboard: { vi: "Nội địa hóa", en: "Localization" },
  dashHeading: { vi: "Tỷ lệ nội địa hóa đầu vào của doanh nghiệp dẫn dắt", en: "Localization of lead firms' inputs" },
  scopeKind: { vi: "Phạm vi", en: "Scope" },
  scopeProvince: { vi: "Tỉnh/thành (cũ hoặc mới)", en: "Province (old or new)" },
  scopeRegion: { vi: "Vùng", en: "Region" },
  scopeCorridor: { vi: "Hành lang", en: "Corridor" },
  scopePark: { vi: "Khu/cụm công nghiệp", en: "Park or cluster" },
  scopeShown: { vi: "Phạm vi:", en: "Scope:" },
  showMore: { vi: "Xem thêm", en: "Show more" },
  localizationHere: { vi: "Tỷ lệ nội địa hóa trong phạm vi này", en: "Localization in this scope" },
  parksForSector: { vi: "Khu, cụm công nghiệp cho ngành này", en: "Parks and clusters for this sector" },
  localizationOfSector: { vi: "Nội địa hóa của doanh nghiệp dẫn dắt ngành này", en: "Localization of this sector's lead firms" },
  nameNone: { vi: "Không tìm thấy mục nào có tên này.", en: "Nothing has this name." },
  nameChoose: { vi: "Có nhiều kết quả; chọn một:", en: "Several match; choose one:" },
  sectorShown: { vi: "Ngành:", en: "Sector:" },
  scopeCountry: { vi: "Cả nước", en: "Whole country" },
  scopeValue: { vi: "Tên hoặc mã", en: "Name or code" },
  leadSector: { vi: "Ngành của doanh nghiệp dẫn dắt (mã hoặc tên, không bắt buộc)", en: "Lead firms' sector (code or name, optional)" },
  asOf: { vi: "Ngày", en: "Date" },
  show: { vi: "Xem", en: "Show" },
  leadFirms: { vi: "Doanh nghiệp dẫn dắt", en: "Lead firms" },
  inputValue: { vi: "Giá trị đầu vào (USD/năm)", en: "Input value (USD/year)" },
  domesticShare: { vi: "Tỷ lệ trong nước", en: "Domestic share" },
  localShare: { vi: "Tỷ lệ tại chỗ", en: "Local share" },
  chartHeading: { vi: "Giá trị đầu vào theo ngành", en: "Input value by sector" },
  local: { vi: "Tại chỗ", en: "Local" },
  otherDomestic: { vi: "Trong nước khác", en: "Other domestic" },
  otherCountries: { vi: "Nước khác", en: "Other countries" },
  inputValueCol: { vi: "Giá trị (USD/năm)", en: "Value (USD/year)" },
  inputsTable: { vi: "Số liệu của mọi ngành đầu vào (biểu đồ chỉ vẽ 12 ngành lớn nhất)", en: "Figures for every input sector (the chart shows the 12 largest)" },
  gapsHeading: { vi: "Khoảng trống nội địa hóa và nhà cung cấp tiềm năng", en: "Localization gaps and candidate suppliers" },
  gapsRule: { vi: "Ngành đầu vào là khoảng trống khi tỷ lệ giá trị mua trong nước dưới", en: "An input sector is a gap when the share of its value bought in Vietnam is below" },
  asOfShown: { vi: "Tính đến ngày", en: "As of" },
  noGaps: { vi: "Không có khoảng trống.", en: "No gaps." },
  sector: { vi: "Ngành", en: "Sector" },
  foreignValue: { vi: "Giá trị nhập từ nước ngoài (USD/năm)", en: "Foreign value (USD/year)" },
  candidates: { vi: "Nhà cung cấp tiềm năng (điểm: phù hợp ngành / năng lực / khoảng cách / liên minh / quy mô)", en: "Candidate suppliers (score: sector fit / proven / distance / alliance / size)" },
  unknownInputs: { vi: "Đầu vào cần có nhưng chưa ghi nhận", en: "Expected inputs not recorded" },
  valuesNeedKey: { vi: "Giá trị và tỷ lệ cần khóa API của nhà phân tích.", en: "Values and shares need an analyst's API key." },
  downloadCsv: { vi: "Tải báo cáo CSV", en: "Download the CSV report" },
  downloadCandidatesCsv: { vi: "Tải nhà cung cấp tiềm năng (CSV)", en: "Download the candidate suppliers (CSV)" },
  navParks: { vi: "Tìm khu công nghiệp", en: "Park finder" },
  parksHeading: { vi: "Khu, cụm công nghiệp theo ngành ưu tiên và diện tích còn trống", en: "Parks and clusters by priority sector and available land" },
  parkSector: { vi: "Ngành VSIC (mã hoặc tên)", en: "VSIC sector (code or name)" },
  minArea: { vi: "Diện tích trống tối thiểu (ha)", en: "Minimum available land (ha)" },
  parkName: { vi: "Khu/cụm", en: "Park" },
  score: { vi: "Điểm", en: "Score" },
  status: { vi: "Tình trạng", en: "Status" },
  developer: { vi: "Chủ đầu tư", en: "Developer" },
  availableArea: { vi: "Diện tích trống (ha)", en: "Available land (ha)" },
  firmsThere: { vi: "Doanh nghiệp đang có", en: "Firms already there" },
  reasons: { vi: "Lý do", en: "Reasons" },
  noParks: { vi: "Không có khu phù hợp.", en: "No park matches." },
  sortBy: { vi: "Sắp xếp theo", en: "Sort by" },
  status_OPERATING: { vi: "Đang hoạt động", en: "Operating" },
  status_PLANNED: { vi: "Quy hoạch", en: "Planned" },
  status_UNDER_CONSTRUCTION: { vi: "Đang xây dựng", en: "Under construction" },
  status_UNKNOWN: { vi: "Chưa rõ", en: "Unknown" },
  reason_PRIORITY_SECTOR: { vi: "ngành ưu tiên", en: "priority sector" },
  reason_HOSTS_SECTOR_FIRMS: { vi: "đã có doanh nghiệp cùng ngành", en: "hosts firms of the sector" },
  reason_AVAILABLE_LAND: { vi: "còn đất", en: "land available" },
  reason_OPERATING: { vi: "đang hoạt động", en: "operating" },
  reason_NEAR_LEAD_FIRMS: { vi: "gần doanh nghiệp dẫn dắt", en: "near lead firms" },
  kind: { vi: "Loại", en: "Kind" },
  code: { vi: "Mã", en: "Code" },
  firms: { vi: "Doanh nghiệp", en: "Firms" },
  parks: { vi: "Khu/cụm công nghiệp", en: "Parks" },
  successor: { vi: "Đơn vị kế thừa (từ 01/7/2025)", en: "Successor (from 2025-07-01)" },
  predecessors: { vi: "Đơn vị hợp nhất vào", en: "Units merged into it" },
  current: { vi: "Còn hiệu lực", en: "In force" },
  yes: { vi: "có", en: "yes" },
  no: { vi: "không", en: "no" },
  parent: { vi: "Ngành cấp trên", en: "Parent sector" },
  description: { vi: "Mô tả", en: "Description" },
  totalArea: { vi: "Tổng diện tích (ha)", en: "Total area (ha)" },
  noSuchNode: { vi: "Không có mục này.", en: "Nothing has this id." },
  networkList: { vi: "Danh sách doanh nghiệp trong mạng lưới (dùng được bằng bàn phím)", en: "The network's firms as a list (for the keyboard)" },
  tier: { vi: "Tầng", en: "Tier" },
  notFound: { vi: "Không có doanh nghiệp này.", en: "No such firm." },
  back: { vi: "Quay lại tìm kiếm", en: "Back to search" },
} as const;

export type Label = keyof typeof labels;

let current: Lang = (localStorage.getItem("ecosystem.lang") as Lang | null) === "en" ? "en" : "vi";

export const lang = (): Lang => current;

/** The locale numbers and dates are written in: Vietnamese or English (US). */
export const locale = (): string => (lang() === "vi" ? "vi-VN" : "en-US");

export function t(key: Label): string {
  return labels[key][current];
}

export function setLang(next: Lang): void {
  current = next;
  localStorage.setItem("ecosystem.lang", next);
  document.documentElement.lang = next;
  translate(document.body);
  markToggle();
}

/** Fills every element marked data-i18n (text), data-i18n-placeholder and data-i18n-aria-label. */
export function translate(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>("[data-i18n]").forEach((el) => {
    el.textContent = t(el.dataset.i18n as Label);
  });
  root.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]").forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder as Label);
  });
  root.querySelectorAll<HTMLElement>("[data-i18n-aria-label]").forEach((el) => {
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel as Label));
  });
}

/** The toggle names the other language in that language, and says so to screen readers (lang). */
export function markToggle(): void {
  document.getElementById("lang-toggle")?.setAttribute("lang", current === "vi" ? "en" : "vi");
}

/** Every label key, for the page that checks both languages are complete. */
export const allLabels = Object.keys(labels) as Label[];
