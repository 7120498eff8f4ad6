"""Material the demo generator draws from. None of this is seed data.

Commune names are the pre-July-2025 units (general knowledge), used only to make generated
addresses and cooperative names look local. Specialities are typical local products (general
knowledge, loosely following the seeds' product lines); generated products are "<speciality>
<brand>", so no generated name claims to be a real registered product.
"""

from __future__ import annotations

# Producers made up per locality (sum 170, plus the 16 named producers = 186, figures.md S01).
# Roughly follows where the seeds place OCOP activity: Hạ Long and Đông Triều largest, Cô Tô
# smallest.
GENERATED_PRODUCERS: dict[str, int] = {
    "HL": 26,
    "CP": 10,
    "UB": 12,
    "MC": 14,
    "DT": 18,
    "QY": 10,
    "BL": 14,
    "TY": 12,
    "DH": 12,
    "HH": 14,
    "BC": 12,
    "VD": 12,
    "CT": 4,
}

# Kinds of the 170 generated producers. With the 9 named enterprises that makes 58 enterprises,
# 31.2 % of 186 (figures.md S02/D09); cooperative groups as in S07, the rest split like S03.
GENERATED_KINDS: dict[str, int] = {
    "enterprise": 49,
    "cooperative": 55,
    "coop_group": 11,
    "household": 55,
}

# Generated producers flagged as disadvantaged, per locality: (count, ethnic_minority,
# remote_area, island). With the two named cooperatives the seed cites right after its "15
# subjects" sentence ([000]), this makes the 15 subjects of figures.md S08.
DISADVANTAGED: dict[str, tuple[int, bool, bool, bool]] = {
    "CT": (4, False, False, True),
    "VD": (3, False, False, True),
    "BL": (2, True, True, False),
    "BC": (1, True, True, False),
    "TY": (1, True, True, False),
    "DH": (1, True, False, False),
    "HH": (1, False, True, False),
}

# Communes per locality; the first list is where disadvantaged producers are placed (highland
# communes, or the outer islands of Vân Đồn), the second the rest.
COMMUNES: dict[str, tuple[list[str], list[str]]] = {
    "HL": (
        [],
        [
            "phường Hoành Bồ",
            "xã Sơn Dương",
            "xã Thống Nhất",
            "xã Lê Lợi",
            "xã Quảng La",
            "xã Đồng Lâm",
            "xã Kỳ Thượng",
            "phường Hà Khánh",
            "phường Bãi Cháy",
            "phường Hùng Thắng",
            "phường Hồng Hà",
            "phường Tuần Châu",
        ],
    ),
    "CP": (
        [],
        [
            "phường Quang Hanh",
            "xã Cộng Hòa",
            "xã Dương Huy",
            "phường Mông Dương",
            "phường Cẩm Phú",
            "phường Cửa Ông",
        ],
    ),
    "UB": (
        [],
        [
            "phường Phương Đông",
            "phường Vàng Danh",
            "phường Nam Khê",
            "xã Thượng Yên Công",
            "phường Thanh Sơn",
            "phường Phương Nam",
        ],
    ),
    "MC": (
        [],
        [
            "phường Hải Hòa",
            "phường Trà Cổ",
            "xã Hải Xuân",
            "xã Vĩnh Trung",
            "xã Vĩnh Thực",
            "xã Quảng Nghĩa",
            "xã Hải Sơn",
            "xã Bắc Sơn",
            "xã Vạn Ninh",
        ],
    ),
    "DT": (
        [],
        [
            "phường Mạo Khê",
            "xã Yên Đức",
            "xã An Sinh",
            "xã Bình Khê",
            "xã Tràng Lương",
            "phường Đức Chính",
            "phường Hồng Phong",
            "phường Hoàng Quế",
        ],
    ),
    "QY": (
        [],
        [
            "phường Quảng Yên",
            "xã Sông Khoai",
            "xã Hiệp Hòa",
            "xã Liên Hòa",
            "xã Tiền An",
            "phường Phong Cốc",
            "xã Cẩm La",
        ],
    ),
    "BL": (
        ["xã Đồng Văn", "xã Hoành Mô", "xã Lục Hồn", "xã Đồng Tâm", "xã Húc Động"],
        ["thị trấn Bình Liêu", "xã Tình Húc", "xã Vô Ngại"],
    ),
    "TY": (
        ["xã Hà Lâu", "xã Phong Dụ", "xã Điền Xá", "xã Đại Dực"],
        ["thị trấn Tiên Yên", "xã Đông Ngũ", "xã Đông Hải", "xã Hải Lạng", "xã Yên Than"],
    ),
    "DH": (
        ["xã Quảng Lâm", "xã Quảng An"],
        ["thị trấn Đầm Hà", "xã Dực Yên", "xã Tân Bình", "xã Đại Bình", "xã Quảng Tân"],
    ),
    "HH": (
        ["xã Quảng Sơn", "xã Quảng Đức"],
        [
            "thị trấn Quảng Hà",
            "xã Quảng Long",
            "xã Quảng Thành",
            "xã Quảng Minh",
            "xã Đường Hoa",
            "xã Cái Chiên",
            "xã Quảng Phong",
        ],
    ),
    "BC": (
        ["xã Đạp Thanh", "xã Thanh Lâm", "xã Minh Cầm", "xã Lương Mông", "xã Đồn Đạc"],
        ["thị trấn Ba Chẽ", "xã Thanh Sơn", "xã Nam Sơn"],
    ),
    "VD": (
        ["xã Quan Lạn", "xã Minh Châu", "xã Ngọc Vừng", "xã Thắng Lợi", "xã Bản Sen"],
        [
            "thị trấn Cái Rồng",
            "xã Đông Xá",
            "xã Hạ Long",
            "xã Vạn Yên",
            "xã Đoàn Kết",
            "xã Đài Xuyên",
            "xã Bình Dân",
        ],
    ),
    "CT": (["thị trấn Cô Tô", "xã Đồng Tiến", "xã Thanh Lân"], []),
}

# Typical products per locality: (name, OCOP group). More than any producer's product count,
# so a producer never repeats one.
SPECIALITIES: dict[str, list[tuple[str, str]]] = {
    "HL": [
        ("Chả mực Hạ Long", "food"),
        ("Mực khô Hạ Long", "food"),
        ("Ruốc tôm Hạ Long", "food"),
        ("Sá sùng khô Hạ Long", "food"),
        ("Cá thu một nắng Hạ Long", "food"),
        ("Mật ong Hoành Bồ", "food"),
        ("Trà hoa vàng Hoành Bồ", "drinks"),
        ("Rượu ba kích Hoành Bồ", "drinks"),
        ("Ba kích tím Hoành Bồ", "herbal"),
        ("Tranh than đá Hạ Long", "souvenirs_decor"),
        ("Trang sức ngọc trai Hạ Long", "souvenirs_decor"),
        ("Du lịch trải nghiệm vườn cam Hoành Bồ", "rural_tourism_services"),
    ],
    "CP": [
        ("Chả mực Cẩm Phả", "food"),
        ("Tôm khô Cẩm Phả", "food"),
        ("Nước mắm cá cơm Cẩm Phả", "food"),
        ("Cá thu tẩm gia vị Cẩm Phả", "food"),
        ("Bánh cuốn chả mực Cẩm Phả", "food"),
        ("Trà thảo mộc Quang Hanh", "herbal"),
        ("Rượu nếp Cộng Hòa", "drinks"),
        ("Tranh than đá Cẩm Phả", "souvenirs_decor"),
    ],
    "UB": [
        ("Rượu mơ lông Yên Tử", "drinks"),
        ("Mơ lông Yên Tử sấy dẻo", "food"),
        ("Trà Yên Tử", "drinks"),
        ("Măng khô Yên Tử", "food"),
        ("Mật ong Yên Tử", "food"),
        ("Vải chín sớm Phương Nam", "food"),
        ("Trà thảo dược Yên Tử", "herbal"),
        ("Hương trầm Yên Tử", "souvenirs_decor"),
        ("Du lịch trải nghiệm làng quê Thượng Yên Công", "rural_tourism_services"),
    ],
    "MC": [
        ("Xúc xích lợn Móng Cái", "food"),
        ("Lạp xưởng lợn Móng Cái", "food"),
        ("Sá sùng Trà Cổ", "food"),
        ("Nước mắm Trà Cổ", "food"),
        ("Khoai lang sấy Móng Cái", "food"),
        ("Tỏi đen Móng Cái", "herbal"),
        ("Bánh gio Móng Cái", "food"),
        ("Ruốc tôm Móng Cái", "food"),
        ("Rượu nếp Hải Xuân", "drinks"),
    ],
    "DT": [
        ("Na dai Đông Triều", "food"),
        ("Rượu nếp cái hoa vàng Đông Triều", "drinks"),
        ("Bánh gai nếp cái hoa vàng Đông Triều", "food"),
        ("Nấm linh chi Đông Triều", "herbal"),
        ("Gốm Đông Triều", "souvenirs_decor"),
        ("Mật ong Đông Triều", "food"),
        ("Chè xanh Đông Triều", "drinks"),
        ("Giò chả Mạo Khê", "food"),
        ("Rau an toàn Đông Triều", "food"),
        ("Du lịch trải nghiệm vườn na Đông Triều", "rural_tourism_services"),
    ],
    "QY": [
        ("Bánh gật gù Quảng Yên", "food"),
        ("Ruốc hàu Quảng Yên", "food"),
        ("Hàu Quảng Yên", "food"),
        ("Nước mắm Quảng Yên", "food"),
        ("Rượu nếp Quảng Yên", "drinks"),
        ("Ngao Quảng Yên", "food"),
        ("Mắm tôm Quảng Yên", "food"),
        ("Nem chua Quảng Yên", "food"),
    ],
    "BL": [
        ("Miến dong Bình Liêu", "food"),
        ("Rượu men lá Bình Liêu", "drinks"),
        ("Tinh dầu hồi Bình Liêu", "herbal"),
        ("Hoa hồi khô Bình Liêu", "food"),
        ("Túi thổ cẩm Sán Chỉ", "textiles"),
        ("Khăn thổ cẩm Tày Bình Liêu", "textiles"),
        ("Thịt trâu gác bếp Bình Liêu", "food"),
        ("Lạp sườn hun khói Bình Liêu", "food"),
        ("Mật ong Bình Liêu", "food"),
        ("Du lịch cộng đồng Bình Liêu", "rural_tourism_services"),
    ],
    "TY": [
        ("Gà Tiên Yên", "food"),
        ("Kẹo lạc hồng Tiên Yên", "food"),
        ("Chả gà Tiên Yên", "food"),
        ("Mật ong rừng Tiên Yên", "food"),
        ("Trà hoa vàng Tiên Yên", "drinks"),
        ("Rượu men lá Tiên Yên", "drinks"),
        ("Khăn thêu Dao Thanh Y", "textiles"),
        ("Bánh gio Tiên Yên", "food"),
    ],
    "DH": [
        ("Tàu xì Đầm Hà", "food"),
        ("Dưa cải nén Đầm Hà", "food"),
        ("Tinh dầu quế Đầm Hà", "herbal"),
        ("Quế thanh Đầm Hà", "food"),
        ("Rượu ngô Đầm Hà", "drinks"),
        ("Mật ong Đầm Hà", "food"),
        ("Túi thổ cẩm Dao Đầm Hà", "textiles"),
        ("Vịt Đầm Hà", "food"),
    ],
    "HH": [
        ("Chè Hải Hà", "drinks"),
        ("Trà xanh túi lọc Hải Hà", "drinks"),
        ("Trà hoa vàng Hải Hà", "drinks"),
        ("Nước mắm Cái Chiên", "food"),
        ("Tôm khô Hải Hà", "food"),
        ("Sá sùng Cái Chiên", "food"),
        ("Thạch đen Hải Hà", "food"),
        ("Du lịch đồi chè Hải Hà", "rural_tourism_services"),
    ],
    "BC": [
        ("Ba kích tím Ba Chẽ", "herbal"),
        ("Rượu ba kích Ba Chẽ", "drinks"),
        ("Cao ba kích Ba Chẽ", "herbal"),
        ("Trà hoa vàng Ba Chẽ", "drinks"),
        ("Mật ong rừng Ba Chẽ", "food"),
        ("Lợn bản Ba Chẽ", "food"),
        ("Trà thảo dược Ba Chẽ", "herbal"),
        ("Măng khô Ba Chẽ", "food"),
        ("Túi thêu Dao Thanh Y Ba Chẽ", "textiles"),
    ],
    "VD": [
        ("Nước mắm Cái Rồng", "food"),
        ("Cam Vân Đồn", "food"),
        ("Mực một nắng Vân Đồn", "food"),
        ("Sá sùng khô Quan Lạn", "food"),
        ("Ngọc trai Vân Đồn", "souvenirs_decor"),
        ("Chả mực Vân Đồn", "food"),
        ("Tu hài Vân Đồn", "food"),
        ("Rượu sim Vân Đồn", "drinks"),
        ("Du lịch trải nghiệm làng chài Quan Lạn", "rural_tourism_services"),
    ],
    "CT": [
        ("Mực khô Cô Tô", "food"),
        ("Chả mực Cô Tô", "food"),
        ("Cá khô Cô Tô", "food"),
        ("Tôm khô Cô Tô", "food"),
        ("Sá sùng Cô Tô", "food"),
        ("Rượu hải sâm Cô Tô", "drinks"),
        ("Du lịch trải nghiệm làng chài Cô Tô", "rural_tourism_services"),
    ],
}

# Named products the seeds tie to no producer and no place: the locality whose generated producer
# carries them in the demo. A demo placement, not a seed fact.
ORPHAN_LOCALITY: dict[str, str] = {
    "Trà hoa vàng": "BC",
    "Mật ong rừng": "TY",
    "Rượu nếp": "DT",
    "Rượu ba kích": "BC",
    "Cao ba kích": "BC",
    "Ruốc hàu": "QY",
    "Nước mắm sá sùng": "VD",
    "Chè Hằng Nga": "HH",
    "Trà hoa vàng Quy Hoa": "HH",
}

# Star ratings of named products. DEMO VALUES: the seeds give no per-product rating (products.csv
# `stars` is empty); only totals exist. The five 5-star ones are taken from the six "potential
# 5-star" products of [003]; the 4-star ones are the seeds' key, pilot and near-5-star products.
# Keyed by (product name, producer name or ""); any named product not listed is 3-star.
DEMO_STARS: dict[tuple[str, str], int] = {
    ("Trà hoa vàng Ba Chẽ", "Công ty CP Kinh doanh lâm sản Đạp Thanh"): 5,
    ("Ruốc hàu", "Công ty TNHH Sản xuất và Thương mại thủy sản Quảng Ninh"): 5,
    ("Rượu mơ Yên Tử", "Công ty TNHH MTV Sản xuất dịch vụ và Thương mại Thăng Long"): 5,
    ("Nước khoáng thiên nhiên Quang Hanh", "Công ty TNHH MTV Nước khoáng Công đoàn Quang Hanh"): 5,
    (
        "Thực phẩm bảo vệ sức khỏe Chè giảo cổ lam Đông Bắc 7 lá",
        "Công ty TNHH Nuôi trồng sản xuất và Chế biến dược liệu Đông Bắc",
    ): 5,
    (
        "Thực phẩm bảo vệ sức khỏe Viên An đường Đông Bắc",
        "Công ty TNHH Nuôi trồng sản xuất và Chế biến dược liệu Đông Bắc",
    ): 4,
    ("Miến dong Bình Liêu", "Công ty CP Thương mại và Dịch vụ Bình Liêu"): 4,
    ("Gốm sứ", "Công ty TNHH Quang Vinh"): 4,
    ("Miến dong", "HTX Dịch vụ nông nghiệp và du lịch Bình Liêu"): 4,
    ("Ba kích", "HTX Sản xuất và Kinh doanh ba kích Ba Chẽ"): 4,
    ("Trà hoa vàng", "HTX Dịch vụ nông nghiệp Hải Hà"): 4,
    ("Trà hoa vàng", "Công ty Cổ phần lâm sản ngoài gỗ Đạp Thanh"): 4,
    ("Chả mực Hạ Long", ""): 4,
    ("Ngọc trai Hạ Long", ""): 4,
    ("Sá sùng Vân Đồn", ""): 4,
    ("Mực ống Cô Tô", ""): 4,
    ("Rượu ba kích", ""): 4,
    ("Nem chua Quảng Yên", ""): 4,
    ("Gạo nếp cái hoa vàng Đông Triều", ""): 4,
    ("Nước khoáng Quang Hanh", ""): 4,
}

# HTX Quế Đầm Hà's product is not named in the seeds ([000] only says its traceability helps its
# product reach 4 stars); the demo gives it one generated product so every producer has one.
# HTX Thái An Móng Cái has no named product either; [002] says it buys Móng Cái sweet potato and
# garlic to process them, hence its demo product.
UNNAMED_PRODUCTS: dict[str, list[tuple[str, str, int]]] = {
    "HTX Quế Đầm Hà": [("Quế hữu cơ Đầm Hà", "food", 4)],
    "HTX Thái An Móng Cái": [("Khoai lang sấy Móng Cái Thái An", "food", 3)],
}

# Brand names: two syllables, first from each list, never the same syllable twice.
BRAND_FIRST = [
    "An",
    "Bảo",
    "Bình",
    "Đức",
    "Gia",
    "Hải",
    "Hòa",
    "Hoàng",
    "Hồng",
    "Hưng",
    "Kim",
    "Khánh",
    "Minh",
    "Nam",
    "Ngọc",
    "Phú",
    "Phúc",
    "Quang",
    "Sơn",
    "Tân",
    "Thanh",
    "Thành",
    "Thiên",
    "Thịnh",
    "Trường",
    "Việt",
    "Vĩnh",
    "Xuân",
    "Hương",
    "Đông",
]
BRAND_SECOND = [
    "An",
    "Bình",
    "Phát",
    "Lộc",
    "Long",
    "Phong",
    "Thịnh",
    "Hưng",
    "Khang",
    "Minh",
    "Ngọc",
    "Hà",
    "Sơn",
    "Lâm",
    "Hải",
    "Nguyên",
    "Tiến",
    "Thái",
    "Vượng",
    "Hoa",
    "Linh",
    "Trang",
    "Dương",
    "Huy",
    "Tâm",
    "Phúc",
    "Đạt",
    "Quý",
    "Anh",
    "Việt",
]

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Đinh",
    "Hà",
    "Phan",
    "Lương",
    "Mai",
]
# Common among the Tày, Sán Chỉ and Dao communities of the highland districts.
ETHNIC_SURNAMES = ["Chíu", "Voòng", "Lỷ", "Tằng", "Nình", "Lục", "Nông", "Triệu", "Bàn", "Lý"]
HIGHLAND = {"BL", "BC", "TY", "DH", "HH"}
MIDDLE_NAMES = {
    "male": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân"],
    "female": ["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Thị Thanh"],
}
GIVEN_NAMES = {
    "male": [
        "Hùng",
        "Tuấn",
        "Dũng",
        "Hải",
        "Sơn",
        "Bình",
        "Thắng",
        "Long",
        "Quân",
        "Cường",
        "Toàn",
        "Khánh",
        "Nam",
        "Phong",
    ],
    "female": [
        "Hoa",
        "Lan",
        "Hương",
        "Thảo",
        "Phương",
        "Nga",
        "Hạnh",
        "Huyền",
        "Trang",
        "Mai",
        "Vân",
        "Liên",
        "Hằng",
        "Yến",
    ],
}

# Words for producer names, picked from a producer's first product (keyword in lower case).
TRADES: list[tuple[tuple[str, ...], str]] = [
    (
        (
            "mực",
            "sá sùng",
            "tôm",
            "cá ",
            "cá thu",
            "hàu",
            "ngao",
            "tu hài",
            "cơ trai",
            "nước mắm",
            "mắm",
            "hải sâm",
        ),
        "Thủy sản",
    ),
    (("miến",), "Miến dong"),
    (("chè", "trà"), "Chè"),
    (("ba kích", "dược", "thảo", "quế", "hồi", "linh chi", "tỏi đen"), "Dược liệu"),
    (("rượu",), "Rượu truyền thống"),
    (("thổ cẩm", "thêu"), "Dệt thổ cẩm"),
    (("gốm",), "Gốm sứ"),
    (("than đá", "ngọc trai", "trầm"), "Mỹ nghệ"),
    (("du lịch",), "Du lịch cộng đồng"),
    (("lợn", "gà", "vịt", "trâu", "giò", "chả", "lạp", "xúc xích", "nem"), "Chế biến thực phẩm"),
    (("mật ong",), "Ong mật"),
]
DEFAULT_TRADE = "Nông sản"

# Venues: (key, name, address, locality code, kind, capacity in people at once). The exhibition
# centre's name and street are general knowledge; Big C Hạ Long is the mall the seeds' connection
# weeks ran in ([002] says only "Trung tâm thương mại Big C"; the Hạ Long store is our
# inference); GO! Hạ Long is a seed buyer. The Móng Cái, Bình Liêu and Ba Chẽ grounds are generic
# demo places, and every capacity is a demo value.
VENUES: list[tuple[str, str, str, str, str, int]] = [
    (
        "ground",
        "Cung Quy hoạch, Hội chợ và Triển lãm tỉnh Quảng Ninh",
        "Đường Trần Quốc Nghiễn, phường Hồng Hải, TP Hạ Long",
        "HL",
        "exhibition_ground",
        5000,
    ),
    ("bigc", "Trung tâm thương mại Big C Hạ Long", "TP Hạ Long", "HL", "mall", 2000),
    ("go", "GO! Hạ Long", "TP Hạ Long", "HL", "supermarket", 1500),
    ("mongcai", "Khu hội chợ cửa khẩu Móng Cái", "TP Móng Cái", "MC", "square", 5000),
    (
        "binhlieu",
        "Sân vận động trung tâm huyện Bình Liêu",
        "thị trấn Bình Liêu, huyện Bình Liêu",
        "BL",
        "square",
        3000,
    ),
    (
        "bache",
        "Trung tâm Văn hóa – Thể thao huyện Ba Chẽ",
        "thị trấn Ba Chẽ, huyện Ba Chẽ",
        "BC",
        "other",
        800,
    ),
]
