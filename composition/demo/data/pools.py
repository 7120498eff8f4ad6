"""How many producers the demo generator makes up, where, and what they make. None of this is
seed data.

Specialities are typical local products (general knowledge, loosely following the seeds' product
lines); generated products are "<speciality> <brand>", so no generated name claims to be a real
registered product.
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
