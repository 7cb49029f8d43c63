"""The 房屋 (houses) and 单位 (organizations) pages, their dialogs and the 九小场所
inspection dialog (docs/domain-houses.md). Qt only; reads and writes through
app.models.places. Imports nothing here."""
