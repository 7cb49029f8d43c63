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
    <name>BusyBar</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="256"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="281"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="281"/>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="282"/>
        <source>Writing to the roster…</source>
        <translation>正在写入台账…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="283"/>
        <source>Updating the search index…</source>
        <translation>正在更新搜索索引…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="284"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="284"/>
        <source>Sorting the rows…</source>
        <translation>正在整理…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="285"/>
        <source>Writing the report…</source>
        <translation>正在生成报告…</translation>
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
        <location filename="../../app/ui/cases_page.py" line="32"/>
        <source>Title or case number</source>
        <translation>标题或事件编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="34"/>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="35"/>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="40"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="44"/>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="45"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="46"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../app/ui/cases_page.py" line="47"/>
        <source>Quick report</source>
        <translation>随手拍</translation>
    </message>
</context>
<context>
    <name>ColumnsStep</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="565"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="570"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="570"/>
        <source>Header in the file</source>
        <translation>文件中的表头</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="571"/>
        <source>First values</source>
        <translation>前几行内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="571"/>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="583"/>
        <source>Check the guess in “Import as”; columns set to “(ignore)” are not imported. 姓名, 身份证号 and 人员类别 are required.</source>
        <translation>请核对“导入为”一列的自动识别结果；设为“（不导入）”的列不会导入。姓名、身份证号和人员类别为必填。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="600"/>
        <source>Header in row %1; data from row %2 (%3 rows).</source>
        <translation>表头在第 %1 行；数据从第 %2 行开始（共 %3 行）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="603"/>
        <source>Encoding: %1.</source>
        <translation>编码：%1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="637"/>
        <source>(ignore)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="658"/>
        <source>Each field can come from one column only: %1.</source>
        <translation>每个字段只能对应一列：%1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="662"/>
        <source>Choose the column for %1.</source>
        <translation>请指定%1所在的列。</translation>
    </message>
</context>
<context>
    <name>DecideModel</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="396"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="396"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="396"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="397"/>
        <source>What the file changes</source>
        <translation>文件将修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="397"/>
        <source>Decision</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="414"/>
        <source>household</source>
        <translation>所在户</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="415"/>
        <source>nothing</source>
        <translation>无变化</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="418"/>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="418"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="419"/>
        <source>(decide)</source>
        <translation>（待定）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1281"/>
        <location filename="../../app/ui/import_wizard.py" line="1347"/>
        <source>Export residents</source>
        <translation>导出居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1291"/>
        <source>Counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1293"/>
        <source>Full ID numbers and phone numbers</source>
        <translation>导出完整身份证号和电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1299"/>
        <source>(your role exports masked values only)</source>
        <translation>（您的角色只能导出脱敏数据）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1300"/>
        <source>The file carries your name and the time on every page, and the export is recorded in the audit log. Keep it safe and delete it when it is no longer needed.</source>
        <translation>导出文件每页都带有您的姓名和导出时间，本次导出将记入审计日志。请妥善保管，不再需要时及时删除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1312"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1316"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1340"/>
        <source>%1 resident(s) in the current list (search and filters as on the roster page).</source>
        <translation>当前列表共 %1 人（按台账页面当前的搜索和筛选条件）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1348"/>
        <source>residents-%1.xlsx</source>
        <translation>居民台账-%1.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1381"/>
        <source>masked</source>
        <translation>已脱敏</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1381"/>
        <source>full values</source>
        <translation>完整信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1383"/>
        <source>Exported %1 resident(s) (%2) to %3</source>
        <translation>已导出 %1 人（%2）到 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1392"/>
        <source>Cancelled: no file was written.</source>
        <translation>已取消，未生成文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1394"/>
        <source>Your role may not export this.</source>
        <translation>您的角色无权导出此内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1396"/>
        <source>Not exported: %1</source>
        <translation>导出失败：%1</translation>
    </message>
</context>
<context>
    <name>FileStep</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="467"/>
        <source>Import residents from an Excel workbook (.xlsx) or a CSV file (UTF-8 or GBK). Your own sheets work: title rows, blank lines and merged headers are skipped, and common headers such as 姓名, 身份证号 and 现住址 are recognised. Nothing is written until you have seen the preview.</source>
        <translation>从 Excel 工作簿（.xlsx）或 CSV 文件（UTF-8 或 GBK 编码）导入居民。可直接使用社区现有的表格：标题行、空行和合并的表头会自动跳过，姓名、身份证号、现住址等常见表头会自动识别。预览确认之前不会写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="474"/>
        <source>Choose a file…</source>
        <translation>请选择文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="475"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="495"/>
        <source>Rows are placed by their address; this grid takes new estates and rows without an address.</source>
        <translation>各行按现住址归入对应网格；新的小区和没有住址的人员归入此网格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="503"/>
        <source>Ask me, person by person</source>
        <translation>逐人询问</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="504"/>
        <source>Update them with the file&apos;s values (blank cells change nothing)</source>
        <translation>用文件内容更新（空白单元格不改动原有信息）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="506"/>
        <source>Skip them: keep the roster as it is</source>
        <translation>跳过，保留台账原有信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="515"/>
        <source>(leave blank cells as problems)</source>
        <translation>（不填，按错误处理）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="523"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="524"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="526"/>
        <source>People already in the roster
(same ID number)</source>
        <translation>台账中已有的人员
（身份证号相同）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="527"/>
        <source>Residence type where blank</source>
        <translation>人员类别为空时按</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="535"/>
        <source>Import residents</source>
        <translation>导入居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="536"/>
        <source>Spreadsheets (*.xlsx *.csv *.txt);;All files (*)</source>
        <translation>表格文件 (*.xlsx *.csv *.txt);;所有文件 (*)</translation>
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
    <name>ImportMessages</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="62"/>
        <source>an ethnic group such as 汉族 or 回族</source>
        <translation>民族名称，如 汉族 或 回族</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="74"/>
        <source>Excel stored this ID number as a number and kept only 15 digits (%1). Format the column as text and type the number again.</source>
        <translation>Excel 把这个身份证号存成了数字，只保留了前 15 位（%1）。请把这一列设置为“文本”格式，重新输入身份证号。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="77"/>
        <source>The check character does not match and the number ends in 000: Excel probably stored it as a number and dropped the last digits. Format the column as text and type the number again.</source>
        <translation>校验码不符且末尾为 000：很可能是 Excel 把身份证号存成了数字，丢掉了后几位。请把这一列设置为“文本”格式，重新输入身份证号。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="81"/>
        <source>The ID number is stored as a number in the sheet. It is complete, but format the column as text before editing it in Excel.</source>
        <translation>表格中的身份证号是数字格式。目前号码完整，但在 Excel 中修改前请先把这一列设置为“文本”格式。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="84"/>
        <source>Same ID number as row %1 (%2): keep one of the two rows.</source>
        <translation>与第 %1 行（%2）的身份证号重复：请只保留其中一行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="87"/>
        <source>This ID number is registered for %1 outside your area.</source>
        <translation>此身份证号已登记在您管辖范围以外的 %1 名下。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="90"/>
        <source>“%1” is not a date: write e.g. 2026-11-28 (2026/11/28, 2026年11月28日 and 20261128 work too).</source>
        <translation>“%1”不是有效日期：请填写如 2026-11-28（也可写 2026/11/28、2026年11月28日 或 20261128）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="93"/>
        <source>“%1” is not a known value; use one of: %2.</source>
        <translation>无法识别“%1”，请填写以下之一：%2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="96"/>
        <source>The cell is a number and lost its leading 0; read as %1.</source>
        <translation>该单元格为数字格式，开头的 0 丢失了，已按 %1 读取。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="98"/>
        <source>“%1” is not an address the roster can place: write estate, building, unit and room, e.g. 幸福小区3号楼2单元501室 or 幸福小区3-2-501.</source>
        <translation>无法识别地址“%1”：请按 小区+楼栋+单元+房号 填写，如 幸福小区3号楼2单元501室 或 幸福小区3-2-501。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="101"/>
        <source>The address names no estate (小区): write it first, e.g. 幸福小区3号楼2单元501室.</source>
        <translation>地址中没有小区名称：请写在最前面，如 幸福小区3号楼2单元501室。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="103"/>
        <source>More than one estate is called “%1”: add a 所属网格 (grid) column.</source>
        <translation>有多个小区都叫“%1”：请增加“所属网格”一列。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="106"/>
        <source>This building has several units: write the unit, e.g. 2单元.</source>
        <translation>这栋楼有多个单元：请写明单元，如 2单元。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="108"/>
        <source>Building, unit or room number out of range (building 1–999, unit 1–99, room 1–9999).</source>
        <translation>楼栋、单元或房号超出范围（楼栋 1–999，单元 1–99，房号 1–9999）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="111"/>
        <source>This address is not in the address tree yet: tick “Create missing addresses” or correct the address.</source>
        <translation>地址库中还没有这个地址：请勾选“新建缺少的地址”，或改正地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="114"/>
        <source>Several households live at this address: fill in the household number (户号).</source>
        <translation>这个地址有多户居住：请填写户号。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="116"/>
        <source>Household %1 is at another address: one household, one address.</source>
        <translation>户号 %1 登记的是另一个地址：同一户只能有一个地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="119"/>
        <source>(see row %1)</source>
        <translation>（见第 %1 行）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="123"/>
        <source>Row %1 is already the head (本人) of this household: one head per household.</source>
        <translation>第 %1 行已是该户的户主（本人）：每户只能有一个户主。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="125"/>
        <source>This household already has a head (本人) in the roster.</source>
        <translation>台账中该户已有户主（本人）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="127"/>
        <source>No grid “%1” in your area.</source>
        <translation>您的管辖范围内没有网格“%1”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="134"/>
        <source>The file cannot be found.</source>
        <translation>找不到该文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="136"/>
        <source>The file cannot be opened: %1</source>
        <translation>无法打开该文件：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="138"/>
        <source>The file is empty.</source>
        <translation>文件是空的。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="140"/>
        <source>The workbook is damaged or incomplete (copied or downloaded only in part?). Open it in Excel or WPS and save it again as .xlsx.</source>
        <translation>工作簿已损坏或不完整（可能没有复制或下载完整）。请用 Excel 或 WPS 打开后重新另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="143"/>
        <source>This is an old Excel 97–2003 (.xls) or WPS (.et) workbook, or one protected by a password. Open it in Excel or WPS, save it as .xlsx without a password and import that file.</source>
        <translation>这是旧版 Excel 97–2003（.xls）或 WPS（.et）文件，或是设置了密码的工作簿。请用 Excel 或 WPS 打开，另存为不带密码的 .xlsx 后再导入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="147"/>
        <source>The file is neither UTF-8 nor GBK (GB18030) text, so its Chinese cannot be read. In Excel or WPS save it as “CSV UTF-8” or as .xlsx.</source>
        <translation>该文件既不是 UTF-8 也不是 GBK（GB18030）编码的文本，无法读取其中的中文。请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="150"/>
        <source>(first unreadable byte on line %1)</source>
        <translation>（第 %1 行起无法识别）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="153"/>
        <source>The workbook has no worksheet to import.</source>
        <translation>工作簿中没有可导入的工作表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="155"/>
        <source>No header row in the first 30 rows: the sheet needs a row of column names such as 姓名 and 身份证号. If the Chinese looks garbled, save the file as .xlsx.</source>
        <translation>前 30 行中没有找到表头：表格需要有一行列名，如 姓名、身份证号。如果中文显示为乱码，请把文件另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1416"/>
        <source>Save template</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1417"/>
        <source>roster template.xlsx</source>
        <translation>居民信息导入模板.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1423"/>
        <source>Template saved: %1</source>
        <translation>模板已保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1425"/>
        <source>The template was not saved: %1</source>
        <translation>模板未能保存：%1</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="928"/>
        <source>Import residents</source>
        <translation>导入居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="960"/>
        <source>Importing. Cancel undoes everything; nothing is half-saved.</source>
        <translation>正在导入。取消将撤销全部写入，不会留下导入一半的数据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="981"/>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="984"/>
        <location filename="../../app/ui/import_wizard.py" line="1034"/>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="987"/>
        <location filename="../../app/ui/import_wizard.py" line="1025"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1013"/>
        <source>1. File and grid</source>
        <translation>1. 选择文件和网格</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1013"/>
        <source>2. Columns</source>
        <translation>2. 核对列</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1014"/>
        <source>3. Preview</source>
        <translation>3. 预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1014"/>
        <source>4. Importing</source>
        <translation>4. 正在导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1015"/>
        <source>5. Done</source>
        <translation>5. 完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1025"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1030"/>
        <source>Import %1</source>
        <translation>导入 %1 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1031"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1049"/>
        <source>There is no grid in your area yet: the org tree needs grids before residents can be imported.</source>
        <translation>您的管辖范围内还没有网格：需要先建立网格，才能导入居民。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1122"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1129"/>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消，台账未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1135"/>
        <source>The roster changed since the preview (someone else saved a resident). Nothing was imported: check the file again.</source>
        <translation>预览之后台账有了变动（有人保存了居民信息）。本次未导入任何数据，请重新检查文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1140"/>
        <source>Failed, nothing was changed: %1</source>
        <translation>导入失败，台账未作任何改动：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1145"/>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1236"/>
        <source>Save error report</source>
        <translation>保存错误报告</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1237"/>
        <source>%1 - problems.xlsx</source>
        <translation>%1-错误报告.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="1247"/>
        <source>Saved %1 row(s) to fix in %2</source>
        <translation>已将 %1 行待修正数据保存到 %2</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="30"/>
        <source>GridDesk</source>
        <translation>网格工作台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="31"/>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="54"/>
        <source>Home</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="55"/>
        <source>Your day at a glance: cases to handle, overdue and nearly overdue cases, visits due for residents with care or key-group tags, conflicts to resolve, and a quick-report button.</source>
        <translation>今日工作一览：待办事件、超期和临期事件、关怀/重点人员的到期走访、待处理冲突，以及快速上报按钮。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="58"/>
        <source>Roster</source>
        <translation>居民台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="59"/>
        <source>Cases</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="60"/>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="61"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="62"/>
        <source>An offline map of grid boundaries, estates and buildings with case pins and tagged-resident density.</source>
        <translation>离线地图：网格边界、小区和楼栋，事件点位，以及重点/关怀人员分布密度。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="64"/>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="65"/>
        <source>Indicators by org unit, worker and period: closure rate, on-time closure, satisfaction, online handling rate, with charts and drill-down.</source>
        <translation>按组织、人员和时段统计指标：结案率、按期结案率、满意率、网上办理率，配有图表并可逐级下钻。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="67"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="68"/>
        <source>Sync with the city server: history, the outbox of changes waiting to be sent, conflicts to resolve. Until the server is connected, everything is kept locally and nothing is lost.</source>
        <translation>与市级平台同步：同步记录、待发送的更改、待处理的冲突。连接服务器之前，所有数据都保存在本机，不会丢失。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="71"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="120"/>
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="120"/>
        <source>Grid head</source>
        <translation>网格长</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="121"/>
        <source>Community supervisor</source>
        <translation>社区书记/综治专干</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="122"/>
        <source>Center operator</source>
        <translation>社会治理中心</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="123"/>
        <source>Department handler</source>
        <translation>部门处置人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="124"/>
        <source>Auditor</source>
        <translation>审计管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="124"/>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="131"/>
        <source>whole local database</source>
        <translation>本机全部数据</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="132"/>
        <source>%1 (%2) · %3</source>
        <translation>%1（%2）· %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="135"/>
        <source>Offline: local only</source>
        <translation>离线：仅本地</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="136"/>
        <source>%n change(s) waiting to sync</source>
        <translation>
            <numerusform>%n 条更改待同步</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="139"/>
        <source>Last sync: %1</source>
        <translation>上次同步：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="139"/>
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
    <name>PreviewStep</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="683"/>
        <source>New residents</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="683"/>
        <source>To update</source>
        <translation>将更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="684"/>
        <source>Already up to date</source>
        <translation>已是最新</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="684"/>
        <source>To skip</source>
        <translation>将跳过</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="685"/>
        <location filename="../../app/ui/import_wizard.py" line="770"/>
        <source>To decide</source>
        <translation>待决定</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="685"/>
        <source>Not imported</source>
        <translation>不导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="686"/>
        <source>New households</source>
        <translation>新增户</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="687"/>
        <source>New address nodes</source>
        <translation>新增地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="701"/>
        <source>Create missing addresses (estates, buildings, units, rooms) in the address tree</source>
        <translation>在地址库中新建缺少的地址（小区、楼栋、单元、房间）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="715"/>
        <source>Save error report…</source>
        <translation>保存错误报告…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="742"/>
        <source>These ID numbers are already in the roster. Update them with the file&apos;s values, or skip them.</source>
        <translation>以下身份证号在台账中已存在。请选择用文件内容更新，或跳过。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="747"/>
        <source>Update selected</source>
        <translation>更新所选</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="748"/>
        <source>Skip selected</source>
        <translation>跳过所选</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="749"/>
        <source>Update all</source>
        <translation>全部更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="749"/>
        <source>Skip all</source>
        <translation>全部跳过</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="761"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="761"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="761"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="762"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="762"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="762"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="763"/>
        <source>Household</source>
        <translation>户号</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="763"/>
        <source>Relation</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="763"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="768"/>
        <source>Rows to import</source>
        <translation>将导入的行</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="769"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="771"/>
        <source>New addresses</source>
        <translation>新增地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="784"/>
        <source>Row %1, %2: %3</source>
        <translation>第 %1 行，%2：%3</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="816"/>
        <source>%1 row(s) need addresses that are not in the address tree: tick the box to create them, or correct the addresses.</source>
        <translation>%1 行的地址在地址库中还没有：请勾选上方的复选框新建这些地址，或改正地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="820"/>
        <source>%1 person(s) are already in the roster: decide on the “To decide” tab.</source>
        <translation>%1 人在台账中已存在：请在“待决定”页中选择处理方式。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="823"/>
        <source>%1 row(s) have warnings: they are imported; see the Problems tab.</source>
        <translation>%1 行有提醒：这些行会导入，详见“问题”页。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="826"/>
        <source>Rows with problems are not imported: save the error report, correct them and import the report again.</source>
        <translation>有问题的行不会导入：请保存错误报告，改正后再导入该报告。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="834"/>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="836"/>
        <source>To decide (%1)</source>
        <translation>待决定（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="840"/>
        <source>estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="840"/>
        <source>building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="841"/>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="841"/>
        <source>room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="845"/>
        <source>… and %1 more</source>
        <translation>… 另有 %1 个</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="846"/>
        <source>New addresses (%1)</source>
        <translation>新增地址（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="875"/>
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="875"/>
        <source>update</source>
        <translation>更新</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="333"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="333"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="333"/>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="333"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="346"/>
        <source>(no column: %1)</source>
        <translation>（缺少列：%1）</translation>
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
        <location filename="../../app/ui/roster_page.py" line="46"/>
        <source>Name, pinyin (zsf), ID/phone tail, address</source>
        <translation>姓名、拼音（zsf）、证件/手机尾号、地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="47"/>
        <source>Search the roster (Ctrl+F)</source>
        <translation>搜索居民台账（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="49"/>
        <location filename="../../app/ui/roster_page.py" line="175"/>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="50"/>
        <source>All residence types</source>
        <translation>全部人员类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="51"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="52"/>
        <source>New resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="54"/>
        <source>Household…</source>
        <translation>查看户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="55"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="57"/>
        <source>Import residents from Excel (.xlsx) or CSV</source>
        <translation>从 Excel（.xlsx）或 CSV 文件导入居民</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="58"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="60"/>
        <source>Export the residents listed now to Excel</source>
        <translation>把当前列出的居民导出为 Excel</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="61"/>
        <source>Template…</source>
        <translation>下载模板…</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="63"/>
        <source>Save a blank import template with a help sheet</source>
        <translation>保存空白导入模板（含填写说明）</translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="156"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/roster_page.py" line="165"/>
        <source>%n resident(s)</source>
        <translation>
            <numerusform>共 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/roster_page.py" line="247"/>
        <source>Your role may not export the roster.</source>
        <translation>您的角色无权导出台账。</translation>
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
    <name>SummaryStep</name>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="891"/>
        <source>Save error report…</source>
        <translation>保存错误报告…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="901"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="902"/>
        <source>%1 new residents, %2 updated, %3 already up to date, %4 skipped.</source>
        <translation>新增 %1 人，更新 %2 人，%3 人已是最新，跳过 %4 人。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="905"/>
        <source>%1 new households and %2 new address nodes.</source>
        <translation>新增 %1 户，新增地址 %2 个。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="908"/>
        <source>Time: %1 s. The import is in the audit log and waits to sync.</source>
        <translation>用时 %1 秒。本次导入已记入审计日志，等待同步。</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_wizard.py" line="911"/>
        <source>%1 row(s) were not imported: save the error report, correct them and import the report again.</source>
        <translation>%1 行未导入：请保存错误报告，改正后再导入该报告。</translation>
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
