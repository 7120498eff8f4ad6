"""Places the demo generator draws from. None of this is seed data.

Commune names are the pre-July-2025 units (general knowledge), used only to make generated
addresses and cooperative names look local. Venues are where the demo's events take place.
"""

from __future__ import annotations

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

# The highland localities, where many producers are Tày, Sán Chỉ or Dao.
HIGHLAND = {"BL", "BC", "TY", "DH", "HH"}

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
