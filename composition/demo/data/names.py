"""Name parts the demo generator draws from to name generated people and producers. None of
this is seed data.
"""

from __future__ import annotations

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
