"""Facts copied from the seed dataset (data/*.csv, 2013 to mid-2025 sources).

Copied as literals so the app never reads the shared data folder at run time. Every row keeps the
seed file name(s) it came from, joined with ';' as in the CSVs. An empty string or None means
"not stated in the seeds", never zero.
"""

from __future__ import annotations

S000 = "000_94985a4e4f59d433.txt"
S001 = "001_9f3d819f04b643d7.txt"
S002 = "002_15b33816f7e2216a.txt"
S003 = "003_b5302a878b6abba6.txt"
S004 = "004_fbfcfdf19efb81c7.txt"

# (code, name, name_en, kind): the 13 district-level units as they were just before 1 July 2025.
# The codes are the dataset's app keys, not official administrative codes.
LOCALITIES: list[tuple[str, str, str, str]] = [
    ("HL", "Hạ Long", "Ha Long", "city"),
    ("CP", "Cẩm Phả", "Cam Pha", "city"),
    ("UB", "Uông Bí", "Uong Bi", "city"),
    ("MC", "Móng Cái", "Mong Cai", "city"),
    ("DT", "Đông Triều", "Dong Trieu", "city"),
    ("QY", "Quảng Yên", "Quang Yen", "town"),
    ("BL", "Bình Liêu", "Binh Lieu", "district"),
    ("TY", "Tiên Yên", "Tien Yen", "district"),
    ("DH", "Đầm Hà", "Dam Ha", "district"),
    ("HH", "Hải Hà", "Hai Ha", "district"),
    ("BC", "Ba Chẽ", "Ba Che", "district"),
    ("VD", "Vân Đồn", "Van Don", "district"),
    ("CT", "Cô Tô", "Co To", "district"),
]

# (name, kind, locality code or None, source files): producers named in the seeds.
# The README's probable aliases (two Bình Liêu noodle companies, two Đạp Thanh tea companies) are
# kept as separate rows, as the dataset does: the seeds never say they are the same entity.
EXHIBITORS: list[tuple[str, str, str | None, str]] = [
    ("HTX Dịch vụ nông nghiệp và du lịch Bình Liêu", "cooperative", "BL", S000),
    ("HTX Sản xuất và Kinh doanh ba kích Ba Chẽ", "cooperative", "BC", S000),
    ("HTX Quế Đầm Hà", "cooperative", "DH", S000),
    ("HTX Dịch vụ nông nghiệp Hải Hà", "cooperative", "HH", S000),
    ("Công ty TNHH Quang Vinh", "enterprise", "DT", S000),
    ("Công ty CP Thương mại và Dịch vụ Bình Liêu", "enterprise", "BL", f"{S000};{S001}"),
    ("Công ty Dịch vụ Thương mại Bình Liêu", "enterprise", "BL", S002),
    ("Hợp tác xã phát triển Đình Trung", "cooperative", "BL", S002),
    ("HTX Tứ Đại", "cooperative", "HL", S002),
    ("HTX Thái An Móng Cái", "cooperative", "MC", S002),
    ("Công ty Cổ phần lâm sản ngoài gỗ Đạp Thanh", "enterprise", "BC", S002),
    ("Công ty CP Kinh doanh lâm sản Đạp Thanh", "enterprise", "BC", S003),
    ("Công ty TNHH Sản xuất và Thương mại thủy sản Quảng Ninh", "enterprise", None, S003),
    ("Công ty TNHH MTV Sản xuất dịch vụ và Thương mại Thăng Long", "enterprise", None, S003),
    ("Công ty TNHH MTV Nước khoáng Công đoàn Quang Hanh", "enterprise", "CP", S003),
    ("Công ty TNHH Nuôi trồng sản xuất và Chế biến dược liệu Đông Bắc", "enterprise", None, S003),
]

# (name, name_en, group, producer name or None, locality code or None, source files): the named
# OCOP products, one row per (product, producer, locality) as in products.csv. The seeds give no
# star rating for any single product, so there is no stars column here.
PRODUCTS: list[tuple[str, str, str, str | None, str | None, str]] = [
    ("Trà hoa vàng", "Golden camellia tea", "drinks", None, None, f"{S000};{S001};{S002}"),
    ("Ba kích Ba Chẽ", "Ba Che morinda root (Morinda officinalis)", "herbal", None, "BC", S000),
    (
        "Miến dong Bình Liêu",
        "Binh Lieu arrowroot (canna-starch) glass noodles",
        "food",
        None,
        "BL",
        f"{S000};{S001};{S002};{S003}",
    ),
    (
        "Nếp cái hoa vàng Đông Triều",
        "Dong Trieu 'yellow-flower' glutinous rice",
        "food",
        None,
        "DT",
        S000,
    ),
    ("Sá sùng Vân Đồn", "Van Don peanut worm (sá sùng)", "food", None, "VD", f"{S000};{S001}"),
    ("Mực Cô Tô", "Co To squid", "food", None, "CT", S000),
    ("Ngọc trai Hạ Long", "Ha Long pearls", "souvenirs_decor", None, "HL", S000),
    (
        "Miến dong",
        "Arrowroot (canna-starch) glass noodles",
        "food",
        "HTX Dịch vụ nông nghiệp và du lịch Bình Liêu",
        "BL",
        S000,
    ),
    (
        "Ba kích",
        "Morinda root (ba kích)",
        "herbal",
        "HTX Sản xuất và Kinh doanh ba kích Ba Chẽ",
        "BC",
        S000,
    ),
    ("Trà hoa vàng", "Golden camellia tea", "drinks", "HTX Dịch vụ nông nghiệp Hải Hà", "HH", S000),
    (
        "Gốm sứ",
        "Ceramics / porcelain (seed: 3 ceramic products)",
        "souvenirs_decor",
        "Công ty TNHH Quang Vinh",
        "DT",
        S000,
    ),
    (
        "Miến dong Bình Liêu",
        "Binh Lieu arrowroot (canna-starch) glass noodles",
        "food",
        "Công ty CP Thương mại và Dịch vụ Bình Liêu",
        "BL",
        f"{S000};{S001}",
    ),
    ("Chả mực Hạ Long", "Ha Long squid cake (chả mực)", "food", None, "HL", f"{S001};{S002}"),
    ("Mật ong rừng", "Wild forest honey", "food", None, None, S001),
    ("Rượu nếp", "Glutinous rice wine", "drinks", None, None, S001),
    ("Rượu ba kích", "Morinda root wine", "drinks", None, None, S002),
    ("Cao ba kích", "Morinda root extract (cao)", "herbal", None, None, S002),
    ("Mực ống Cô Tô", "Co To tube squid (mực ống)", "food", None, "CT", S002),
    ("Giò lợn Móng Cái", "Mong Cai pig pork roll (giò)", "food", None, "MC", S002),
    ("Chả lợn Móng Cái", "Mong Cai pig pork patty (chả)", "food", None, "MC", S002),
    ("Ruốc lợn Móng Cái", "Mong Cai pig pork floss (ruốc)", "food", None, "MC", S002),
    (
        "Khau nhục lợn Móng Cái",
        "Mong Cai pig khau nhục (steamed braised pork belly)",
        "food",
        None,
        "MC",
        S002,
    ),
    ("Ruốc hàu", "Oyster floss", "food", None, None, S002),
    ("Nước mắm sá sùng", "Peanut-worm fish sauce", "food", None, None, S002),
    (
        "Miến dong",
        "Arrowroot (canna-starch) glass noodles",
        "food",
        "Công ty Dịch vụ Thương mại Bình Liêu",
        "BL",
        S002,
    ),
    (
        "Miến dong",
        "Arrowroot (canna-starch) glass noodles",
        "food",
        "Hợp tác xã phát triển Đình Trung",
        "BL",
        S002,
    ),
    ("Ổi", "Guava", "food", "HTX Tứ Đại", "HL", S002),
    ("Quả có múi Hoành Bồ", "Hoanh Bo citrus fruit", "food", "HTX Tứ Đại", "HL", S002),
    (
        "Trà hoa vàng",
        "Golden camellia tea",
        "drinks",
        "Công ty Cổ phần lâm sản ngoài gỗ Đạp Thanh",
        "BC",
        S002,
    ),
    ("Nem chua Quảng Yên", "Quang Yen fermented pork roll (nem chua)", "food", None, "QY", S002),
    ("Kẹo lạc hồng Tiên Yên", "Tien Yen red-peanut candy", "food", None, "TY", S002),
    ("Tàu xì Đầm Hà", "Dam Ha fermented black beans (tàu xì)", "food", None, "DH", S002),
    ("Trà hoa vàng Ba Chẽ", "Ba Che golden camellia tea", "drinks", None, "BC", S002),
    ("Ruốc cơ trai Vân Đồn", "Van Don mussel-meat floss (ruốc cơ trai)", "food", None, "VD", S002),
    ("Gà Tiên Yên", "Tien Yen chicken", "food", None, "TY", S002),
    ("Dưa cải nén Đầm Hà", "Dam Ha pressed pickled mustard greens", "food", None, "DH", S002),
    (
        "Gạo nếp cái hoa vàng Đông Triều",
        "Dong Trieu 'yellow-flower' glutinous rice",
        "food",
        None,
        "DT",
        S003,
    ),
    ("Chè Hằng Nga", "Hang Nga tea", "drinks", None, None, S003),
    ("Vịt trời Hải Hà", "Hai Ha wild duck", "food", None, "HH", S003),
    ("Nấm kim châm Đông Triều", "Dong Trieu enoki mushrooms", "food", None, "DT", S003),
    ("Nước khoáng Quang Hanh", "Quang Hanh mineral water", "drinks", None, "CP", S003),
    ("Trà hoa vàng Quy Hoa", "Quy Hoa golden camellia tea", "drinks", None, None, S003),
    (
        "Trà hoa vàng Ba Chẽ",
        "Ba Che golden camellia tea",
        "drinks",
        "Công ty CP Kinh doanh lâm sản Đạp Thanh",
        "BC",
        S003,
    ),
    (
        "Ruốc hàu",
        "Oyster floss",
        "food",
        "Công ty TNHH Sản xuất và Thương mại thủy sản Quảng Ninh",
        None,
        S003,
    ),
    (
        "Rượu mơ Yên Tử",
        "Yen Tu apricot (mơ) wine",
        "drinks",
        "Công ty TNHH MTV Sản xuất dịch vụ và Thương mại Thăng Long",
        None,
        S003,
    ),
    (
        "Nước khoáng thiên nhiên Quang Hanh",
        "Quang Hanh natural mineral water",
        "drinks",
        "Công ty TNHH MTV Nước khoáng Công đoàn Quang Hanh",
        "CP",
        S003,
    ),
    (
        "Thực phẩm bảo vệ sức khỏe Chè giảo cổ lam Đông Bắc 7 lá",
        "Health-protection food (supplement): Dong Bac seven-leaf jiaogulan tea",
        "herbal",
        "Công ty TNHH Nuôi trồng sản xuất và Chế biến dược liệu Đông Bắc",
        None,
        S003,
    ),
    (
        "Thực phẩm bảo vệ sức khỏe Viên An đường Đông Bắc",
        "Health-protection food (supplement): Dong Bac 'An Duong' pills",
        "herbal",
        "Công ty TNHH Nuôi trồng sản xuất và Chế biến dược liệu Đông Bắc",
        None,
        S003,
    ),
    (
        "Du lịch trải nghiệm làng quê Yên Đức",
        "Yen Duc village experience tourism",
        "rural_tourism_services",
        None,
        "DT",
        S004,
    ),
]

# (name, seed kind, source files): the retail chains and platforms from venues_and_buyers.csv.
# Fairs and festivals in that file are events, not buyers, so they are left out here.
BUYERS: list[tuple[str, str, str]] = [
    ("GO! Hạ Long", "supermarket", f"{S001};{S004}"),
    ("MM Mega Market", "supermarket", f"{S001};{S004}"),
    ("WinMart", "supermarket", f"{S001};{S004}"),
    ("Aloha", "supermarket", f"{S001};{S004}"),
    ("Lan Chi", "supermarket", S004),
    ("Chuỗi cửa hàng tiện lợi Nông sản sạch", "supermarket", S001),
    ("Big C", "mall", S002),
    ("Vinmart+", "supermarket", S002),
    ("Sàn OCOP Quảng Ninh (postmart.vn)", "e-commerce", S004),
    ("https://www.ocopquangninh.com.vn", "e-commerce", S003),
    ("Sàn OCOP quốc gia", "e-commerce", S000),
    ("Lazada", "e-commerce", S004),
    ("Shopee", "e-commerce", S004),
    ("Tiki", "e-commerce", S004),
    ("Fado", "e-commerce", S004),
    ("Amazon", "e-commerce", S004),
]

# Totals the demo reproduces (figures.md): P01-P04 and S01 to mid-2025, S08/P12, F04, F08, F10.
PRODUCERS_TOTAL = 186
STARS_TOTAL = {5: 5, 4: 107, 3: 320}  # 432 products
DISADVANTAGED_PRODUCERS = 15  # ethnic-minority, remote or island subjects ...
DISADVANTAGED_PRODUCTS = 50  # ... and their products
FAIR_VISITORS = (60_000, 70_000)  # per provincial fair
CONNECTION_WEEKS = 17
CONNECTION_WEEK_BOOTHS = 30
CONNECTION_WEEK_VISITORS = 45_000
