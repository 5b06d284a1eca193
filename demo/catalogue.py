"""The demo catalogue: Vietnamese courses for people new to smartphones.

Written in Vietnamese only. Minority-language versions are left to translators who can vouch
for them; until then those locales fall back to Vietnamese and say so.
Menu names on the real apps change from time to time: lessons say so where it matters.
"""

DVC = "https://dichvucong.gov.vn"


def text(html):
    return {"type": "text", "value": html}


def steps(items, title=""):
    return {
        "type": "steps",
        "value": {
            "title": title,
            "steps": [
                {"text": f"<p>{s}</p>", "screenshot": None, "screenshot_alt": ""} for s in items
            ],
        },
    }


def callout(kind, html):
    return {"type": "callout", "value": {"kind": kind, "text": f"<p>{html}</p>"}}


def practice(title, url, description=""):
    return {
        "type": "practice_link",
        "value": {"title": title, "url": url, "description": description},
    }


CATALOGUE = [
    {
        "slug": "vneid",
        "title": "Tài khoản định danh điện tử VNeID",
        "summary": "Hiểu VNeID là gì, đăng ký và kích hoạt tài khoản mức 2, giữ tài khoản an toàn.",
        "competence_area": "digital_identity",
        "audience": "citizens",
        "minutes": 30,
        "essential": True,
        "lessons": [
            {
                "slug": "vneid-la-gi",
                "title": "VNeID là gì và dùng để làm gì?",
                "summary": "Chiếc “chìa khoá” để làm thủ tục hành chính trên điện thoại.",
                "minutes": 5,
                "body": [
                    text(
                        "<p>VNeID là ứng dụng định danh điện tử của Bộ Công an. Có tài khoản VNeID, "
                        "bạn dùng điện thoại để chứng minh mình là ai, giống như đưa thẻ căn cước.</p>"
                    ),
                    steps(
                        [
                            "Đăng nhập Cổng Dịch vụ công quốc gia để nộp hồ sơ mà không phải đi xa.",
                            "Mang giấy tờ trên điện thoại: thẻ căn cước, giấy phép lái xe, thẻ bảo hiểm y tế.",
                            "Khai báo tạm trú, thông báo lưu trú, xem thông tin cư trú của gia đình.",
                        ],
                        title="Với VNeID, bạn có thể:",
                    ),
                    text(
                        "<p>Có hai mức tài khoản. <b>Mức 1</b> chỉ có thông tin cơ bản. <b>Mức 2</b> có "
                        "thêm ảnh chân dung và vân tay, dùng được cho hầu hết dịch vụ công. "
                        "Hãy đăng ký mức 2.</p>"
                    ),
                    callout(
                        "info",
                        "VNeID là ứng dụng miễn phí. Không ai được thu tiền để làm tài khoản cho bạn.",
                    ),
                ],
            },
            {
                "slug": "cai-ung-dung-vneid",
                "title": "Tải và cài ứng dụng VNeID an toàn",
                "summary": "Chỉ tải từ kho ứng dụng chính thức của điện thoại.",
                "minutes": 5,
                "body": [
                    steps(
                        [
                            "Mở <b>CH Play</b> (điện thoại Android) hoặc <b>App Store</b> (iPhone).",
                            "Gõ tìm <b>VNeID</b>. Chọn ứng dụng có nhà phát triển là Trung tâm dữ liệu quốc gia "
                            "về dân cư (Bộ Công an).",
                            "Bấm <b>Cài đặt</b> và chờ tải xong. Nên dùng Wi-Fi nếu có.",
                            "Mở ứng dụng và cho phép những quyền nó hỏi (máy ảnh để quét mã QR, thông báo).",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "warning",
                        "Không cài VNeID từ đường link trong tin nhắn, Zalo hay Facebook. "
                        "Kẻ gian hay gửi ứng dụng giả để lấy cắp tài khoản.",
                    ),
                ],
            },
            {
                "slug": "dang-ky-tai-khoan-muc-2",
                "title": "Đăng ký tài khoản định danh mức 2",
                "summary": "Đến công an xã một lần với thẻ căn cước và điện thoại chính chủ.",
                "minutes": 7,
                "body": [
                    text(
                        "<p>Tài khoản mức 2 được đăng ký trực tiếp tại công an, vì cần chụp ảnh chân dung "
                        "và lấy vân tay của bạn.</p>"
                    ),
                    steps(
                        [
                            "Chuẩn bị <b>thẻ căn cước</b> (hoặc căn cước công dân gắn chip) và <b>điện thoại</b> "
                            "có số thuê bao đứng tên chính bạn.",
                            "Đến công an xã nơi bạn ở, hoặc một buổi làm thủ tục lưu động ở thôn, bản.",
                            "Nói với cán bộ: “Tôi muốn đăng ký tài khoản định danh điện tử mức 2”. "
                            "Cán bộ chụp ảnh, lấy vân tay và ghi số điện thoại của bạn.",
                            "Chờ tin nhắn báo tài khoản đã được duyệt. Sau đó làm bài tiếp theo để kích hoạt.",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "tip",
                        "Số điện thoại chưa đứng tên bạn? Mang thẻ căn cước đến cửa hàng "
                        "của nhà mạng để chuẩn hoá thông tin thuê bao trước.",
                    ),
                ],
            },
            {
                "slug": "kich-hoat-tai-khoan",
                "title": "Kích hoạt tài khoản trên điện thoại",
                "summary": "Nhập số định danh, mã OTP và đặt mật khẩu, mật mã của riêng bạn.",
                "minutes": 8,
                "body": [
                    steps(
                        [
                            "Mở VNeID, chọn <b>Kích hoạt tài khoản định danh điện tử</b>.",
                            "Quét mã QR trên thẻ căn cước, hoặc nhập số định danh cá nhân (12 số in trên thẻ) "
                            "và số điện thoại đã đăng ký.",
                            "Nhập <b>mã OTP</b> gửi về điện thoại. Mã này chỉ để bạn tự nhập, không đọc cho ai.",
                            "Đặt <b>mật khẩu</b> để đăng nhập và <b>mật mã 6 số</b> (passcode) để mở giấy tờ.",
                            "Đăng nhập lại bằng số định danh và mật khẩu vừa đặt để kiểm tra.",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "tip",
                        "Viết mật khẩu ra giấy và cất ở nơi chỉ bạn biết. Đừng dùng ngày sinh "
                        "làm mật mã.",
                    ),
                    text(
                        "<p>Tên các nút trong ứng dụng có thể thay đổi theo phiên bản. Nếu không thấy, "
                        "hãy nhờ cán bộ công an xã hoặc tổ công nghệ số cộng đồng.</p>"
                    ),
                ],
            },
            {
                "slug": "giu-an-toan-vneid",
                "title": "Giữ tài khoản VNeID an toàn",
                "summary": "Ba điều không bao giờ làm, và việc cần làm khi mất điện thoại.",
                "minutes": 5,
                "body": [
                    steps(
                        [
                            "Không đọc mã OTP hay mật khẩu cho bất kỳ ai, kể cả người xưng là công an.",
                            "Không bấm vào đường link lạ mời “cập nhật” hay “nâng cấp” VNeID.",
                            "Không cho người khác mượn điện thoại khi đang mở VNeID.",
                        ],
                        title="Ba điều không bao giờ làm",
                    ),
                    callout(
                        "warning",
                        "Mất điện thoại hoặc nghi bị lộ mật khẩu: báo ngay công an xã để "
                        "khoá tài khoản, rồi đổi mật khẩu khi có điện thoại mới.",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "cong-dich-vu-cong",
        "title": "Cổng Dịch vụ công quốc gia",
        "summary": "Đăng nhập bằng VNeID, tìm đúng thủ tục, nộp hồ sơ và theo dõi kết quả.",
        "competence_area": "public_service_portal",
        "audience": "citizens",
        "minutes": 25,
        "essential": True,
        "lessons": [
            {
                "slug": "cong-dich-vu-cong-la-gi",
                "title": "Cổng Dịch vụ công quốc gia là gì?",
                "summary": "Một nơi để làm rất nhiều thủ tục của các bộ, ngành và tỉnh.",
                "minutes": 5,
                "body": [
                    text(
                        "<p>Cổng Dịch vụ công quốc gia ở địa chỉ <b>dichvucong.gov.vn</b>. Ở đó bạn nộp "
                        "hồ sơ, trả phí và nhận kết quả nhiều thủ tục mà không phải đến tận nơi.</p>"
                    ),
                    steps(
                        [
                            "Xem địa chỉ trên thanh trình duyệt: phải là <b>dichvucong.gov.vn</b>.",
                            "Trang chính thức của nhà nước có đuôi <b>.gov.vn</b>.",
                            "Trang giả thường có tên gần giống, thêm chữ hoặc dấu gạch. Hãy đóng lại ngay.",
                        ],
                        title="Nhận ra trang thật",
                    ),
                    practice(
                        "Xem trang chủ Cổng Dịch vụ công quốc gia",
                        DVC,
                        "Chỉ xem, chưa cần đăng nhập. Tìm ô tìm kiếm và nút Đăng nhập.",
                    ),
                ],
            },
            {
                "slug": "dang-nhap-bang-vneid",
                "title": "Đăng nhập Cổng bằng tài khoản VNeID",
                "summary": "Không cần tạo tài khoản mới: dùng luôn VNeID mức 2.",
                "minutes": 7,
                "body": [
                    steps(
                        [
                            "Vào <b>dichvucong.gov.vn</b> và bấm <b>Đăng nhập</b>.",
                            "Chọn đăng nhập bằng <b>tài khoản định danh điện tử do Bộ Công an cấp (VNeID)</b>.",
                            "Nhập số định danh cá nhân và mật khẩu VNeID, hoặc mở ứng dụng VNeID để quét mã QR "
                            "hiện trên màn hình.",
                            "Xác nhận trên ứng dụng VNeID khi được hỏi. Tên của bạn hiện ở góc trang là đã xong.",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "tip",
                        "Làm trên máy tính ở nhà văn hoá hay bưu điện? Quét mã QR bằng VNeID "
                        "trên điện thoại của bạn, không phải gõ mật khẩu vào máy lạ.",
                    ),
                    practice("Thử đăng nhập", DVC, "Đăng nhập rồi bấm Đăng xuất khi xong."),
                ],
            },
            {
                "slug": "tim-thu-tuc-nop-ho-so",
                "title": "Tìm đúng thủ tục và nộp hồ sơ",
                "summary": "Gõ tên việc cần làm, đọc kỹ giấy tờ cần có, rồi mới nộp.",
                "minutes": 8,
                "body": [
                    steps(
                        [
                            "Gõ vào ô tìm kiếm việc bạn cần, ví dụ “đăng ký khai sinh”.",
                            "Chọn đúng tỉnh hoặc xã nơi sẽ giải quyết hồ sơ.",
                            "Đọc phần <b>thành phần hồ sơ</b>: chụp sẵn các giấy tờ cần nộp thật rõ, đủ bốn góc.",
                            "Điền tờ khai. Nhiều ô được điền sẵn từ dữ liệu dân cư: hãy kiểm tra lại.",
                            "Bấm <b>Nộp hồ sơ</b> và ghi lại <b>mã hồ sơ</b> hiện ra.",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "info",
                        "Nếu có phí, Cổng cho trả qua ngân hàng hoặc ví điện tử. Chỉ trả trên "
                        "Cổng, không chuyển tiền cho ai qua điện thoại.",
                    ),
                ],
            },
            {
                "slug": "theo-doi-ho-so",
                "title": "Theo dõi hồ sơ và nhận kết quả",
                "summary": "Dùng mã hồ sơ để biết hồ sơ đang ở đâu.",
                "minutes": 5,
                "body": [
                    steps(
                        [
                            "Đăng nhập Cổng, mở mục <b>Quản lý hồ sơ</b> (hoặc hồ sơ đã nộp).",
                            "Xem trạng thái: đã tiếp nhận, đang xử lý, cần bổ sung, đã có kết quả.",
                            "Nếu “cần bổ sung”, đọc lời nhắn của cán bộ và gửi thêm giấy tờ theo hướng dẫn.",
                            "Nhận kết quả bản điện tử trên Cổng, hoặc tại bộ phận một cửa nếu bạn đã chọn vậy.",
                        ],
                        title="Các bước",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "cu-tru-ho-tich",
        "title": "Cư trú và hộ tịch trực tuyến",
        "summary": "Khai báo tạm trú, đăng ký thường trú, làm khai sinh cho con ngay trên điện thoại.",
        "competence_area": "residence",
        "audience": "citizens",
        "minutes": 30,
        "essential": True,
        "lessons": [
            {
                "slug": "khai-bao-tam-tru",
                "title": "Đăng ký tạm trú khi đi làm ăn xa",
                "summary": "Ở nơi khác quê từ 30 ngày trở lên thì đăng ký tạm trú.",
                "minutes": 7,
                "body": [
                    text(
                        "<p>Khi đến ở một nơi ngoài nơi thường trú để làm việc, học tập từ 30 ngày trở lên, "
                        "bạn cần đăng ký tạm trú. Bạn làm được trên VNeID hoặc Cổng Dịch vụ công.</p>"
                    ),
                    steps(
                        [
                            "Mở VNeID, chọn mục <b>Thủ tục hành chính</b>, rồi chọn <b>Đăng ký tạm trú</b>.",
                            "Chọn nơi sẽ ở (tỉnh, xã, thôn) và điền địa chỉ cụ thể.",
                            "Chụp giấy tờ chứng minh chỗ ở, ví dụ hợp đồng thuê nhà, hoặc xin chủ nhà đồng ý.",
                            "Kiểm tra lại rồi gửi. Theo dõi kết quả trong mục hồ sơ đã gửi.",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "tip",
                        "Ở trọ ngắn ngày thì chủ nhà trọ thông báo lưu trú; bạn chỉ cần đưa "
                        "thông tin thật cho chủ nhà.",
                    ),
                ],
            },
            {
                "slug": "dang-ky-thuong-tru",
                "title": "Đăng ký thường trú",
                "summary": "Chuyển hộ khẩu về nơi ở mới mà không cần sổ hộ khẩu giấy.",
                "minutes": 7,
                "body": [
                    text(
                        "<p>Sổ hộ khẩu giấy không còn dùng nữa; thông tin cư trú nằm trong Cơ sở dữ liệu "
                        "quốc gia về dân cư. Đăng ký thường trú là cập nhật nơi ở chính thức của bạn.</p>"
                    ),
                    steps(
                        [
                            "Đăng nhập Cổng Dịch vụ công bằng VNeID, tìm “đăng ký thường trú”.",
                            "Chọn công an xã nơi bạn muốn đăng ký thường trú.",
                            "Chụp giấy tờ chứng minh chỗ ở hợp pháp (giấy chứng nhận quyền sử dụng đất, hợp đồng "
                            "mua nhà, hoặc ý kiến đồng ý của chủ hộ).",
                            "Nộp hồ sơ, ghi mã hồ sơ và theo dõi tin nhắn từ công an xã.",
                        ],
                        title="Các bước",
                    ),
                    practice("Tìm thủ tục đăng ký thường trú", DVC),
                ],
            },
            {
                "slug": "khai-sinh-cho-con",
                "title": "Làm khai sinh cho con",
                "summary": "Một lần nộp: giấy khai sinh, thường trú và thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi.",
                "minutes": 8,
                "body": [
                    text(
                        "<p>Thủ tục liên thông <b>đăng ký khai sinh – đăng ký thường trú – cấp thẻ bảo hiểm y "
                        "tế cho trẻ dưới 6 tuổi</b> giúp bạn làm ba việc cùng lúc.</p>"
                    ),
                    steps(
                        [
                            "Chụp <b>giấy chứng sinh</b> của bệnh viện hoặc trạm y tế thật rõ.",
                            "Đăng nhập Cổng Dịch vụ công bằng VNeID (hoặc mở VNeID, mục Thủ tục hành chính), "
                            "tìm thủ tục liên thông khai sinh.",
                            "Điền tên con, ngày sinh, quê quán, dân tộc; chọn nơi nhận kết quả.",
                            "Nộp hồ sơ, ghi mã hồ sơ. Khi có kết quả, con có số định danh cá nhân và thẻ BHYT.",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "info", "Cha mẹ có 60 ngày kể từ ngày sinh để đăng ký khai sinh cho con."
                    ),
                ],
            },
            {
                "slug": "kiem-tra-thong-tin-cu-tru",
                "title": "Xem thông tin cư trú của gia đình",
                "summary": "Kiểm tra tên, ngày sinh và quan hệ các thành viên có đúng không.",
                "minutes": 5,
                "body": [
                    steps(
                        [
                            "Mở VNeID, chọn mục <b>Thông tin cư trú</b>.",
                            "Xem nơi thường trú, tạm trú và danh sách thành viên hộ gia đình.",
                            "Thấy sai tên, ngày sinh hay quan hệ? Chụp màn hình và đến công an xã để sửa.",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "tip",
                        "Thông tin cư trú đúng giúp các thủ tục khác (khai sinh, bảo hiểm) "
                        "không bị trả về.",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "bao-hiem-y-te-xa-hoi",
        "title": "Bảo hiểm y tế và bảo hiểm xã hội",
        "summary": "Xem thẻ BHYT trên điện thoại, gia hạn BHYT hộ gia đình, tra cứu quá trình đóng BHXH.",
        "competence_area": "insurance",
        "audience": "citizens",
        "minutes": 25,
        "essential": True,
        "lessons": [
            {
                "slug": "the-bhyt-tren-dien-thoai",
                "title": "Thẻ bảo hiểm y tế trên điện thoại",
                "summary": "Đi khám bằng thẻ căn cước hoặc VNeID thay cho thẻ giấy.",
                "minutes": 5,
                "body": [
                    steps(
                        [
                            "Mở VNeID, vào <b>Ví giấy tờ</b>, tích hợp thẻ bảo hiểm y tế nếu chưa có.",
                            "Khi đi khám, đưa thẻ căn cước gắn chip hoặc mở thẻ BHYT trên VNeID cho nhân viên.",
                            "Bạn cũng có thể cài ứng dụng <b>VssID</b> của Bảo hiểm xã hội Việt Nam để xem thẻ.",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "info",
                        "Thông tin trên thẻ sai? Báo cơ quan bảo hiểm xã hội hoặc đại lý thu "
                        "ở xã để sửa.",
                    ),
                ],
            },
            {
                "slug": "gia-han-bhyt-ho-gia-dinh",
                "title": "Gia hạn bảo hiểm y tế hộ gia đình",
                "summary": "Đóng tiền gia hạn trên Cổng Dịch vụ công, không phải đi xa.",
                "minutes": 8,
                "body": [
                    steps(
                        [
                            "Xem hạn thẻ trên VNeID hoặc VssID. Nên gia hạn trước khi thẻ hết hạn.",
                            "Đăng nhập Cổng Dịch vụ công bằng VNeID, tìm “gia hạn thẻ bảo hiểm y tế hộ gia đình”.",
                            "Nhập mã số BHXH của người cần gia hạn, chọn số tháng đóng.",
                            "Kiểm tra số tiền, trả qua ngân hàng hoặc ví điện tử ngay trên Cổng.",
                            "Lưu biên lai điện tử. Thẻ được gia hạn sau khi cơ quan BHXH xác nhận.",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "warning",
                        "Cơ quan BHXH không gọi điện đòi chuyển tiền vào tài khoản cá nhân. "
                        "Chỉ đóng trên Cổng hoặc tại đại lý thu chính thức.",
                    ),
                    practice("Tìm thủ tục gia hạn BHYT hộ gia đình", DVC),
                ],
            },
            {
                "slug": "tra-cuu-qua-trinh-dong-bhxh",
                "title": "Tra cứu quá trình đóng bảo hiểm xã hội",
                "summary": "Biết mình đã đóng bao nhiêu tháng để tính lương hưu, trợ cấp.",
                "minutes": 6,
                "body": [
                    steps(
                        [
                            "Cài ứng dụng <b>VssID</b> từ CH Play hoặc App Store.",
                            "Đăng nhập bằng tài khoản VNeID (hoặc mã số BHXH và mật khẩu nếu đã đăng ký).",
                            "Chọn <b>Quá trình tham gia</b> để xem các tháng đã đóng.",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "tip",
                        "Thiếu tháng nào? Chụp màn hình, hỏi nơi làm việc cũ hoặc cơ quan BHXH.",
                    ),
                ],
            },
            {
                "slug": "bhxh-tu-nguyen",
                "title": "Bảo hiểm xã hội tự nguyện là gì?",
                "summary": "Cho người làm nông, buôn bán nhỏ muốn có lương hưu khi về già.",
                "minutes": 6,
                "body": [
                    text(
                        "<p>Người không có hợp đồng lao động (làm nông, buôn bán nhỏ, làm thuê tự do) có "
                        "thể đóng <b>bảo hiểm xã hội tự nguyện</b> để được hưởng lương hưu và trợ cấp mai "
                        "táng. Nhà nước hỗ trợ một phần tiền đóng, nhiều hơn cho hộ nghèo và cận nghèo.</p>"
                    ),
                    steps(
                        [
                            "Hỏi đại lý thu BHXH ở xã, hoặc tìm “bảo hiểm xã hội tự nguyện” trên Cổng Dịch vụ công.",
                            "Chọn mức thu nhập làm căn cứ đóng và cách đóng (hằng tháng, 3 tháng, 6 tháng, một năm).",
                            "Đóng tiền trên Cổng hoặc tại đại lý thu; lưu biên lai.",
                        ],
                        title="Bắt đầu thế nào",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "phong-tranh-lua-dao",
        "title": "Phòng tránh lừa đảo trên mạng",
        "summary": "Nhận ra cuộc gọi, tin nhắn, đường link lừa đảo và biết làm gì khi bị lừa.",
        "competence_area": "online_safety",
        "audience": "citizens",
        "minutes": 25,
        "essential": True,
        "lessons": [
            {
                "slug": "cuoc-goi-lua-dao",
                "title": "Nhận ra cuộc gọi lừa đảo",
                "summary": "Giả danh công an, ngân hàng, bưu điện, người nhà gặp nạn.",
                "minutes": 6,
                "body": [
                    steps(
                        [
                            "Người gọi xưng là công an, toà án, bảo hiểm và nói bạn “liên quan vụ án”.",
                            "Họ giục gấp, doạ bắt, bảo bạn không được nói với ai.",
                            "Họ đòi chuyển tiền “để kiểm tra”, hoặc đòi mã OTP, mật khẩu.",
                            "Người nhà “gặp tai nạn, cần tiền ngay” nhưng gọi bằng số lạ.",
                        ],
                        title="Dấu hiệu lừa đảo",
                    ),
                    callout(
                        "warning",
                        "Công an không làm việc qua điện thoại và không bao giờ bảo bạn "
                        "chuyển tiền. Hãy cúp máy.",
                    ),
                    text(
                        "<p>Nghi ngờ? Gọi lại cho người nhà bằng số bạn đã lưu, hoặc hỏi công an xã.</p>"
                    ),
                ],
            },
            {
                "slug": "tin-nhan-duong-link-gia",
                "title": "Tin nhắn và đường link giả",
                "summary": "Trúng thưởng, khoá tài khoản, cập nhật VNeID: đừng bấm.",
                "minutes": 6,
                "body": [
                    steps(
                        [
                            "Tin nhắn báo trúng thưởng, được hoàn tiền, tài khoản sắp bị khoá.",
                            "Đường link có tên gần giống trang thật nhưng sai một vài chữ.",
                            "Tin nhắn bảo cài ứng dụng từ đường link để “cập nhật VNeID” hay “nhận trợ cấp”.",
                        ],
                        title="Dấu hiệu",
                    ),
                    callout(
                        "tip",
                        "Muốn vào trang nào, tự gõ địa chỉ hoặc mở ứng dụng chính thức, "
                        "không bấm link trong tin nhắn.",
                    ),
                ],
            },
            {
                "slug": "khong-dua-ma-otp",
                "title": "Không bao giờ đưa mã OTP",
                "summary": "OTP là chìa khoá tài khoản của bạn.",
                "minutes": 5,
                "body": [
                    text(
                        "<p>Mã OTP là dãy số gửi qua tin nhắn khi bạn đăng nhập hay chuyển tiền. Ai có mã "
                        "này có thể vào tài khoản và lấy tiền của bạn.</p>"
                    ),
                    steps(
                        [
                            "Chỉ nhập OTP vào ứng dụng hay trang mà chính bạn vừa mở.",
                            "Không đọc OTP cho ai qua điện thoại, Zalo, Facebook, kể cả người xưng là ngân hàng.",
                            "Nhận OTP mà bạn không hề yêu cầu? Có người đang thử vào tài khoản: đổi mật khẩu ngay.",
                        ],
                        title="Nhớ ba điều",
                    ),
                ],
            },
            {
                "slug": "khi-bi-lua",
                "title": "Khi bị lừa thì làm gì?",
                "summary": "Làm ngay, càng sớm càng có cơ hội giữ lại tiền.",
                "minutes": 6,
                "body": [
                    steps(
                        [
                            "Gọi ngay số tổng đài in trên thẻ ngân hàng để khoá tài khoản, thẻ.",
                            "Đổi mật khẩu VNeID, ngân hàng, Zalo nếu đã lỡ đưa cho kẻ gian.",
                            "Báo công an xã, mang theo ảnh chụp tin nhắn, số điện thoại, biên lai chuyển tiền.",
                            "Kể cho người trong nhà và hàng xóm để họ không bị lừa giống vậy.",
                        ],
                        title="Các bước",
                    ),
                    callout(
                        "info",
                        "Bị lừa không phải lỗi của bạn. Báo sớm giúp công an ngăn kẻ gian lừa "
                        "người khác.",
                    ),
                ],
            },
        ],
    },
]

CATALOGUE.append(
    {
        "slug": "huong-dan-nguoi-than",
        "title": "Hướng dẫn người thân dùng dịch vụ công",
        "summary": "Cho học sinh, sinh viên: dạy ông bà, cha mẹ từng bước, kiên nhẫn và an toàn.",
        "competence_area": "teaching",
        "audience": "students",
        "minutes": 15,
        "essential": False,
        "lessons": [
            {
                "slug": "day-nguoi-lon-tuoi",
                "title": "Dạy người lớn tuổi thế nào cho dễ hiểu",
                "summary": "Để người học tự bấm, nói chậm, làm một việc mỗi lần.",
                "minutes": 7,
                "body": [
                    steps(
                        [
                            "Để người học cầm điện thoại và tự bấm; bạn chỉ chỉ tay và nói.",
                            "Mỗi lần chỉ dạy một việc, ví dụ hôm nay chỉ mở VNeID và đăng nhập.",
                            "Cho người học làm lại một mình trong khi bạn ngồi cạnh.",
                            "Viết các bước ra giấy bằng chữ to, dán cạnh chỗ để điện thoại.",
                        ],
                        title="Cách dạy",
                    ),
                    callout(
                        "tip",
                        "Dùng tiếng mẹ đẻ của gia đình khi giải thích, và nhắc lại điều quan "
                        "trọng nhất: không đưa mã OTP cho ai.",
                    ),
                ],
            },
            {
                "slug": "giu-rieng-tu-khi-giup",
                "title": "Giữ riêng tư khi giúp người khác",
                "summary": "Mật khẩu là của người học, không phải của bạn.",
                "minutes": 5,
                "body": [
                    steps(
                        [
                            "Quay mặt đi khi người học gõ mật khẩu hoặc mã OTP.",
                            "Không chụp ảnh, không lưu giấy tờ của người khác trên điện thoại của bạn.",
                            "Giúp xong thì đăng xuất nếu đã dùng máy của bạn.",
                        ],
                        title="Nhớ",
                    ),
                ],
            },
        ],
    }
)

CATALOGUE.append(
    {
        "slug": "can-bo-xa-ho-tro-ho-dan",
        "title": "Cán bộ xã: giúp mọi hộ dân dùng được dịch vụ công",
        "summary": "Bồi dưỡng ngắn cho cán bộ xã: theo dõi hộ đã biết dùng, chứng kiến và ghi nhận.",
        "competence_area": "teaching",
        "audience": "officials",
        "minutes": 12,
        "essential": False,
        "lessons": [
            {
                "slug": "mot-ho-da-biet-dung",
                "title": "Thế nào là một hộ đã biết dùng dịch vụ công",
                "summary": "Một người trong hộ tự làm được một thủ tục trực tuyến là đủ.",
                "minutes": 6,
                "body": [
                    text(
                        "<p>Một hộ được tính là đã biết dùng khi ít nhất một người trong hộ tự "
                        "làm được một thủ tục trực tuyến. Có ba mức bằng chứng: người hướng dẫn "
                        "kể lại, đạt bài kiểm tra, và cán bộ tận mắt chứng kiến.</p>"
                    ),
                    callout(
                        "tip",
                        "Chỉ ghi “đã chứng kiến” khi bạn nhìn thấy người dân tự làm từ đầu đến "
                        "cuối, ví dụ khai báo tạm trú trên VNeID.",
                    ),
                ],
            },
            {
                "slug": "du-lieu-ho-dan",
                "title": "Giữ an toàn dữ liệu của hộ dân",
                "summary": "Chỉ ghi những gì cần, có sự đồng ý, xoá khi được yêu cầu.",
                "minutes": 6,
                "body": [
                    steps(
                        [
                            "Chỉ ghi họ tên, năm sinh, quan hệ với chủ hộ và số điện thoại nếu họ muốn.",
                            "Ghi rõ ai đồng ý, ngày nào, trước khi nhập danh sách.",
                            "Khi hộ dân rút lại đồng ý, xoá hộ ngay trên Nhà Số.",
                        ],
                        title="Ba điều cần nhớ",
                    ),
                ],
            },
        ],
    }
)


def choices(*items):
    """Answers as (text, correct, feedback)."""
    return [{"text": t, "correct": c, "feedback": f} for t, c, f in items]


# Final checks, by course slug. Questions are (block type, value) as Wagtail stores them.
FINAL_QUIZZES = {
    "vneid": {
        "title": "Kiểm tra cuối khoá: Tài khoản định danh VNeID",
        "intro": "Năm câu hỏi ngắn. Cần đúng 4 câu để đạt.",
        "questions": [
            (
                "single_choice",
                {
                    "prompt": "<p>Muốn dùng được hầu hết dịch vụ công, bạn cần tài khoản VNeID mức mấy?</p>",
                    "choices": choices(
                        (
                            "Mức 1",
                            False,
                            "Mức 1 chỉ có thông tin cơ bản, chưa đủ cho hầu hết dịch vụ.",
                        ),
                        ("Mức 2", True, "Đúng. Mức 2 có ảnh chân dung và vân tay."),
                    ),
                },
            ),
            (
                "true_false",
                {
                    "prompt": "<p>Phải trả tiền cho người làm hộ thì mới có tài khoản VNeID.</p>",
                    "is_true": False,
                    "feedback_correct": "Đúng: VNeID miễn phí, không ai được thu tiền.",
                    "feedback_wrong": "Chưa đúng: VNeID miễn phí, không ai được thu tiền.",
                },
            ),
            (
                "ordering",
                {
                    "prompt": "<p>Xếp các bước kích hoạt tài khoản theo đúng thứ tự.</p>",
                    "steps": [
                        "Mở VNeID, chọn Kích hoạt tài khoản định danh điện tử",
                        "Nhập số định danh cá nhân và số điện thoại",
                        "Nhập mã OTP gửi về điện thoại",
                        "Đặt mật khẩu và mật mã 6 số",
                    ],
                    "feedback": "Mã OTP đến sau khi nhập số định danh; mật khẩu đặt sau cùng.",
                },
            ),
            (
                "multiple_choice",
                {
                    "prompt": "<p>Những việc nào giữ an toàn cho tài khoản VNeID?</p>",
                    "choices": choices(
                        ("Không đọc mã OTP cho ai", True, ""),
                        ("Không bấm đường link lạ mời “cập nhật VNeID”", True, ""),
                        (
                            "Cho người quen mượn điện thoại khi đang mở VNeID",
                            False,
                            "Không nên: người khác có thể xem giấy tờ của bạn.",
                        ),
                    ),
                },
            ),
            (
                "single_choice",
                {
                    "prompt": "<p>Tài khoản mức 2 được đăng ký ở đâu?</p>",
                    "choices": choices(
                        ("Tại công an xã hoặc buổi làm thủ tục lưu động", True, ""),
                        (
                            "Qua một người gọi điện tự xưng là cán bộ",
                            False,
                            "Đó là dấu hiệu lừa đảo.",
                        ),
                    ),
                },
            ),
        ],
    },
    "phong-tranh-lua-dao": {
        "title": "Kiểm tra cuối khoá: Phòng tránh lừa đảo",
        "intro": "Bốn câu hỏi. Cần đúng 3 câu để đạt.",
        "pass_mark": 75,
        "questions": [
            (
                "multiple_choice",
                {
                    "prompt": "<p>Cuộc gọi nào là dấu hiệu lừa đảo?</p>",
                    "choices": choices(
                        ("Xưng là công an, nói bạn liên quan vụ án", True, ""),
                        ("Giục chuyển tiền “để kiểm tra”", True, ""),
                        ("Người nhà gọi từ số bạn đã lưu, hỏi thăm sức khoẻ", False, ""),
                    ),
                },
            ),
            (
                "true_false",
                {
                    "prompt": "<p>Nhân viên ngân hàng có thể hỏi mã OTP của bạn qua điện thoại.</p>",
                    "is_true": False,
                    "feedback_correct": "Đúng: không ai được hỏi OTP của bạn.",
                    "feedback_wrong": "Không ai được hỏi OTP, kể cả người xưng là ngân hàng.",
                },
            ),
            (
                "single_choice",
                {
                    "prompt": "<p>Tin nhắn báo bạn trúng thưởng, kèm một đường link. Bạn làm gì?</p>",
                    "choices": choices(
                        ("Bấm vào link để nhận thưởng", False, "Link lạ có thể lấy mất tài khoản."),
                        ("Không bấm, xoá tin nhắn", True, "Đúng."),
                    ),
                },
            ),
            (
                "ordering",
                {
                    "prompt": "<p>Lỡ chuyển tiền cho kẻ gian: làm gì trước, làm gì sau?</p>",
                    "steps": [
                        "Gọi tổng đài ngân hàng để khoá tài khoản",
                        "Đổi mật khẩu đã lỡ đưa cho kẻ gian",
                        "Báo công an xã, mang theo ảnh chụp tin nhắn",
                    ],
                    "feedback": "Khoá tài khoản trước để giữ số tiền còn lại.",
                },
            ),
        ],
    },
}
