<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../app/ui/case_detail.py" line="55"/>
        <source>%1 (grid worker)</source>
        <translation>%1（网格员）</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="60"/>
        <source>Handled by</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="68"/>
        <source>Escalate to</source>
        <translation>上报至</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="73"/>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="75"/>
        <source>Extra time</source>
        <translation>延长时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="81"/>
        <source>Card</source>
        <translation>督办等级</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="87"/>
        <source>Resident&apos;s view</source>
        <translation>群众评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="91"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="96"/>
        <source>Choose photos…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="99"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="116"/>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="117"/>
        <source>Images (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
</context>
<context>
    <name>AddressTree</name>
    <message>
        <location filename="../../app/ui/address_tree.py" line="35"/>
        <source>All addresses</source>
        <translation>全部地址</translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <location filename="../../app/ui/case_detail.py" line="182"/>
        <source>Timeline</source>
        <translation>处置过程</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="205"/>
        <source>Case %1</source>
        <translation>事件 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="229"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="230"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="231"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="232"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="233"/>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="234"/>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="237"/>
        <source>Held by</source>
        <translation>当前处置</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="238"/>
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="239"/>
        <source>Supervision</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="240"/>
        <source>Rework</source>
        <translation>返工次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="241"/>
        <source>Residents involved</source>
        <translation>涉及居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="242"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="308"/>
        <source>→ %1</source>
        <translation>→ %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_detail.py" line="310"/>
        <source>%1 working days</source>
        <translation>%1 个工作日</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <location filename="../../app/ui/case_model.py" line="60"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_model.py" line="60"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_model.py" line="60"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_model.py" line="60"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_model.py" line="61"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_model.py" line="61"/>
        <source>Held by</source>
        <translation>当前处置</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_model.py" line="61"/>
        <source>Time left</source>
        <translation>剩余时限</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_model.py" line="62"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
</context>
<context>
    <name>Cases</name>
    <message>
        <location filename="../../app/ui/case_labels.py" line="10"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="11"/>
        <source>To accept</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="12"/>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="13"/>
        <source>Dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="14"/>
        <source>Handling</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="15"/>
        <source>To verify</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="16"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="17"/>
        <source>Evaluated</source>
        <translation>已评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="18"/>
        <source>Rejected</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="25"/>
        <source>Report</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="26"/>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="27"/>
        <source>Reject</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="28"/>
        <source>Handle myself</source>
        <translation>自行处置</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="29"/>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="30"/>
        <source>Escalate</source>
        <translation>上报上级（吹哨）</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="31"/>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="32"/>
        <source>Sign for</source>
        <translation>签收</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="33"/>
        <source>Report handled</source>
        <translation>处置反馈</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="34"/>
        <source>Verify: pass</source>
        <translation>核查通过</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="35"/>
        <source>Verify: fail</source>
        <translation>核查不通过</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="36"/>
        <source>Evaluate</source>
        <translation>评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="37"/>
        <source>Request extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="38"/>
        <source>Approve extension</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="39"/>
        <source>Deny extension</source>
        <translation>驳回延期</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="40"/>
        <source>Supervise</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="41"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="42"/>
        <source>Add photos</source>
        <translation>补充照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="49"/>
        <source>On time</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="50"/>
        <source>Nearly due</source>
        <translation>临期</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="51"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="57"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="58"/>
        <source>Yellow card</source>
        <translation>黄牌</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="59"/>
        <source>Red card</source>
        <translation>红牌</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="65"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="66"/>
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="67"/>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="73"/>
        <source>The case is closed; it cannot be changed.</source>
        <translation>事件已结案，不能再变更。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="74"/>
        <source>This step does not fit the case&apos;s current state.</source>
        <translation>该操作与事件当前状态不符。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="75"/>
        <source>Your role may not take this step.</source>
        <translation>您的角色无权进行此操作。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="76"/>
        <source>This category must be dispatched; it cannot be handled by the grid worker.</source>
        <translation>该类事件须派遣处置，网格员不能自行处置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="78"/>
        <source>Choose who handles the case.</source>
        <translation>请选择处置单位或人员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="79"/>
        <source>Choose the level to escalate to.</source>
        <translation>请选择上报的层级。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="80"/>
        <source>Ask for 1 to 30 working days.</source>
        <translation>延期天数应为 1 至 30 个工作日。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="81"/>
        <source>An extension request is already waiting.</source>
        <translation>已有延期申请待审批。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="82"/>
        <source>No extension request is waiting.</source>
        <translation>没有待审批的延期申请。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="83"/>
        <source>Choose a yellow or red card.</source>
        <translation>请选择黄牌或红牌。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="84"/>
        <source>Choose how satisfied the resident is.</source>
        <translation>请选择群众满意程度。</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="101"/>
        <source>%1 d %2 h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="104"/>
        <source>%1 h</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <location filename="../../app/ui/case_labels.py" line="106"/>
        <source>overdue %1</source>
        <translation>超期 %1</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../app/ui/cases_page.py" line="30"/>
        <source>Title or case number</source>
        <translation>标题或事件编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="32"/>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="33"/>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="38"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="42"/>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="43"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="44"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="45"/>
        <source>Quick report</source>
        <translation>随手拍</translation>
    </message>
</context>
<context>
    <name>FindingToCaseDialog</name>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="308"/>
        <source>Turn finding into a case</source>
        <translation>走访发现转为事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="316"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="317"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="318"/>
        <source>Finding</source>
        <translation>走访发现</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="321"/>
        <source>Report case</source>
        <translation>上报事件</translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="26"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="29"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="29"/>
        <source>Relation to head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="29"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="30"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="30"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="32"/>
        <source>Add member…</source>
        <translation>添加成员…</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="34"/>
        <source>Move to another household…</source>
        <translation>迁到其他户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="53"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="55"/>
        <source>Household %1</source>
        <translation>户号 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="57"/>
        <source>Type: %1&#x3000;Head: %2&#x3000;Members: %3</source>
        <translation>类型：%1&#x3000;户主：%2&#x3000;人数：%3</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="26"/>
        <source>GridDesk</source>
        <translation>网格工作台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="27"/>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="49"/>
        <source>Home</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="50"/>
        <source>Your day at a glance: cases to handle, overdue and nearly overdue cases, visits due for residents with care or key-group tags, conflicts to resolve, and a quick-report button.</source>
        <translation>今日工作一览：待办事件、超期和临期事件、关怀/重点人员的到期走访、待处理冲突，以及快速上报按钮。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="53"/>
        <source>Roster</source>
        <translation>居民台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="54"/>
        <source>Cases</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="55"/>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="56"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="57"/>
        <source>An offline map of grid boundaries, estates and buildings with case pins and tagged-resident density.</source>
        <translation>离线地图：网格边界、小区和楼栋，事件点位，以及重点/关怀人员分布密度。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="59"/>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="60"/>
        <source>Indicators by org unit, worker and period: closure rate, on-time closure, satisfaction, online handling rate, with charts and drill-down.</source>
        <translation>按组织、人员和时段统计指标：结案率、按期结案率、满意率、网上办理率，配有图表并可逐级下钻。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="62"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="63"/>
        <source>Sync with the city server: history, the outbox of changes waiting to be sent, conflicts to resolve. Until the server is connected, everything is kept locally and nothing is lost.</source>
        <translation>与市级平台同步：同步记录、待发送的更改、待处理的冲突。连接服务器之前，所有数据都保存在本机，不会丢失。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="66"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="114"/>
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="114"/>
        <source>Grid head</source>
        <translation>网格长</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="115"/>
        <source>Community supervisor</source>
        <translation>社区书记/综治专干</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="116"/>
        <source>Center operator</source>
        <translation>社会治理中心</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="117"/>
        <source>Department handler</source>
        <translation>部门处置人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="118"/>
        <source>Auditor</source>
        <translation>审计管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="118"/>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="125"/>
        <source>whole local database</source>
        <translation>本机全部数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="126"/>
        <source>%1 (%2) · %3</source>
        <translation>%1（%2）· %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="129"/>
        <source>Offline: local only</source>
        <translation>离线：仅本地</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="130"/>
        <source>%n change(s) waiting to sync</source>
        <translation>
            <numerusform>%n 条更改待同步</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="133"/>
        <source>Last sync: %1</source>
        <translation>上次同步：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="133"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../app/ui/messages.py" line="14"/>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="16"/>
        <source>An ID number has 18 characters (or 15 for an old one); this has %1.</source>
        <translation>身份证号应为 18 位（旧证 15 位），当前为 %1 位。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="19"/>
        <source>Use digits only, with X allowed as the last character.</source>
        <translation>只能填数字，末位可为 X。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="21"/>
        <source>The check character does not match: a digit is probably mistyped.</source>
        <translation>校验位不符，可能有数字输错。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="23"/>
        <source>The birth date inside the ID number is not a real date.</source>
        <translation>身份证号中的出生日期不存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="25"/>
        <source>The birth date inside the ID number is in the future.</source>
        <translation>身份证号中的出生日期晚于今天。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="27"/>
        <source>Unknown area code %1: please check the first digits.</source>
        <translation>地址码 %1 不在已知范围内，请核对前几位。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="30"/>
        <source>Old 15-digit ID number: accepted, but ask for the 18-digit one.</source>
        <translation>15 位旧身份证号：可以保存，但请尽量登记 18 位号码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="34"/>
        <location filename="../../app/ui/messages.py" line="36"/>
        <source>The ID number says %1.</source>
        <translation>身份证号显示为 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="38"/>
        <source>This ID number is already registered for %1.</source>
        <translation>该证件号码已登记在 %1 名下。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="41"/>
        <source>Enter an 11-digit mobile number (13x–19x) or a landline such as 0371-12345678.</source>
        <translation>请填写 11 位手机号（13–19 开头）或带区号的固话，如 0371-12345678。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="43"/>
        <source>Enter a date as YYYY-MM-DD, e.g. 2026-11-28.</source>
        <translation>请按 年-月-日 填写，如 2026-11-28。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="45"/>
        <source>The date cannot be in the future.</source>
        <translation>日期不能晚于今天。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="47"/>
        <source>The end date is before the start date.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="49"/>
        <source>Too long: at most %1 characters.</source>
        <translation>过长：最多 %1 个字。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="51"/>
        <source>Choose a value from the list.</source>
        <translation>请从列表中选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="53"/>
        <source>This household already has a head.</source>
        <translation>该户已有户主。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="55"/>
        <source>This file is not a photo (JPEG, PNG, …).</source>
        <translation>该文件不是照片（JPEG、PNG 等）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="57"/>
        <source>The photo is too large: at most %1 MB.</source>
        <translation>照片过大：最大 %1 MB。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="60"/>
        <source>The file cannot be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="62"/>
        <source>Not found: it may have been removed.</source>
        <translation>未找到，可能已被删除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="64"/>
        <source>The coordinates are outside the city.</source>
        <translation>坐标不在本市范围内。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="66"/>
        <source>The address does not fit the address tree.</source>
        <translation>地址与地址树不符。</translation>
    </message>
</context>
<context>
    <name>MoveMemberDialog</name>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="109"/>
        <source>Move %1 to another household</source>
        <translation>将 %1 迁到其他户</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="111"/>
        <source>Household number or address, e.g. 3号楼 501</source>
        <translation>户号或地址，如 3号楼 501</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="118"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="119"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="120"/>
        <source>Relation to head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/household_dialog.py" line="142"/>
        <source>Find and choose the household to move to.</source>
        <translation>请查找并选择要迁入的户。</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location filename="../../app/ui/pages.py" line="21"/>
        <source>This page is not built yet.</source>
        <translation>此页面尚未建成。</translation>
    </message>
</context>
<context>
    <name>QuickReportDialog</name>
    <message>
        <location filename="../../app/ui/quick_report.py" line="58"/>
        <source>Quick report</source>
        <translation>随手拍</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="61"/>
        <source>Choose photos…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="66"/>
        <source>Drop photos here, or choose them.</source>
        <translation>把照片拖到这里，或点击选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="76"/>
        <source>Short title; the category name if left empty</source>
        <translation>简短标题；不填则用类别名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="81"/>
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="82"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="90"/>
        <source>Or describe the place, e.g. 经三路与农业路交叉口东北角</source>
        <translation>或描述位置，如 经三路与农业路交叉口东北角</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="101"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="102"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="103"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="104"/>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="105"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="106"/>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="119"/>
        <source>Report</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="144"/>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="145"/>
        <source>Images (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/quick_report.py" line="190"/>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>ResidentDialog</name>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="380"/>
        <source>Edit resident</source>
        <translation>编辑居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="380"/>
        <source>New resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="383"/>
        <source>Details</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="393"/>
        <source>No household (grid only)</source>
        <translation>不入户（仅登记到网格）</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="403"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="403"/>
        <source>Relation to head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="404"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="415"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="416"/>
        <source>Visits</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="418"/>
        <source>no household</source>
        <translation>未入户</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="419"/>
        <source>Household: %1</source>
        <translation>所在户：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="421"/>
        <source>Open household…</source>
        <translation>打开户信息…</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="467"/>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>ResidentForm</name>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="33"/>
        <source>(not set)</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="38"/>
        <source>18 characters; X allowed at the end</source>
        <translation>18 位，末位可为 X</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="39"/>
        <source>(from the ID number)</source>
        <translation>（按身份证号）</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="41"/>
        <source>from the ID number, or %1</source>
        <translation>按身份证号推算，或填 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="44"/>
        <source>mobile or 0371-…</source>
        <translation>手机或 0371-…</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="55"/>
        <source>In-service party member (双报到)</source>
        <translation>在职党员（双报到）</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="57"/>
        <source>their own work unit</source>
        <translation>所在单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="62"/>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="62"/>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="63"/>
        <source>ID number *</source>
        <translation>证件号码 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="64"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="64"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="65"/>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="65"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="66"/>
        <source>Residence type *</source>
        <translation>人员类型 *</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="67"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="68"/>
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="69"/>
        <source>Education</source>
        <translation>文化程度</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="70"/>
        <source>Marital status</source>
        <translation>婚姻状况</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="71"/>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="72"/>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="73"/>
        <source>Registered address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="74"/>
        <source>Moved in on</source>
        <translation>迁入日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="76"/>
        <source>Party member&apos;s unit</source>
        <translation>报到党员单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="91"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../app/ui/review_page.py" line="35"/>
        <source>Accept selected</source>
        <translation>批量受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="36"/>
        <source>Dispatch selected…</source>
        <translation>批量派遣…</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="55"/>
        <source>To accept</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="55"/>
        <source>To dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="56"/>
        <source>To verify</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="56"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="57"/>
        <source>Extension requests</source>
        <translation>延期申请</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="58"/>
        <source>Assigned from above</source>
        <translation>上级交办</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/review_page.py" line="96"/>
        <source>%n case(s) done</source>
        <translation>
            <numerusform>已处理 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="98"/>
        <source>Some cases were not changed</source>
        <translation>部分事件未处理</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/review_page.py" line="109"/>
        <source>Dispatch %n case(s)</source>
        <translation>
            <numerusform>派遣 %n 件事件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/review_page.py" line="114"/>
        <source>Handled by</source>
        <translation>处置单位</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <location filename="../../app/ui/roster_model.py" line="118"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_model.py" line="118"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_model.py" line="118"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_model.py" line="118"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_model.py" line="119"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_model.py" line="119"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_model.py" line="119"/>
        <source>Relation</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_model.py" line="120"/>
        <source>Residence</source>
        <translation>人员类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_model.py" line="120"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_model.py" line="120"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_model.py" line="170"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <location filename="../../app/ui/roster_page.py" line="44"/>
        <source>Name, pinyin (zsf), ID/phone tail, address</source>
        <translation>姓名、拼音（zsf）、证件/手机尾号、地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="45"/>
        <source>Search the roster (Ctrl+F)</source>
        <translation>搜索居民台账（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="47"/>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="48"/>
        <source>All residence types</source>
        <translation>全部人员类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="49"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="50"/>
        <source>New resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="52"/>
        <source>Household…</source>
        <translation>查看户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="137"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/roster_page.py" line="146"/>
        <source>%n resident(s)</source>
        <translation>
            <numerusform>共 %n 人</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../app/ui/pages.py" line="59"/>
        <source>Everything on this PC</source>
        <translation>本机全部数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="66"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="69"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="72"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="73"/>
        <source>Current user (until sign-in exists)</source>
        <translation>当前用户（登录功能上线前）</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="75"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="76"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="77"/>
        <source>Scope</source>
        <translation>管辖范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="78"/>
        <source>Data folder: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="103"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="105"/>
        <source>The language changes the next time GridDesk starts.</source>
        <translation>界面语言将在下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../app/ui/app.py" line="61"/>
        <source>The local database cannot be opened:
%1</source>
        <translation>无法打开本机数据库：
%1</translation>
    </message>
</context>
<context>
    <name>TagDialog</name>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="221"/>
        <source>Add tag</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="226"/>
        <source>open-ended, or %1</source>
        <translation>长期，或 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="228"/>
        <source>e.g. disability category and grade</source>
        <translation>如残疾类别和等级</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="234"/>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="234"/>
        <source>Since</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="235"/>
        <source>Until</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="235"/>
        <source>Details</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="236"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>TagsPanel</name>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="173"/>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="173"/>
        <source>Group</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="173"/>
        <source>Since</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="174"/>
        <source>Until</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="174"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="175"/>
        <source>Add tag…</source>
        <translation>添加标签…</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="177"/>
        <source>End tag today</source>
        <translation>今日结束标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="194"/>
        <source>Key group</source>
        <translation>重点人群</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="194"/>
        <source>Care group</source>
        <translation>关怀对象</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="341"/>
        <source>New visit</source>
        <translation>新增走访</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="346"/>
        <source>What you found; anything that needs follow-up</source>
        <translation>走访发现的情况，需跟进的事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="350"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="351"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="352"/>
        <source>Findings</source>
        <translation>走访情况</translation>
    </message>
</context>
<context>
    <name>VisitsPanel</name>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="261"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="261"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="261"/>
        <source>Visitor</source>
        <translation>走访人</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="262"/>
        <source>Findings</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="263"/>
        <source>New visit…</source>
        <translation>新增走访…</translation>
    </message>
    <message>
        <location filename="../../app/ui/resident_dialog.py" line="265"/>
        <source>Turn finding into a case…</source>
        <translation>转为事件…</translation>
    </message>
</context>
</TS>
