"""实有房屋 and 实有单位 (docs/domain-houses.md): houses with their tenants, and
organizations with their employees and safety inspections. Qt-free; may import
``domain``, ``store``, ``write`` (and, like the other areas, the roster and cases
repositories for a house's address and a hazard's case). Imports nothing here."""
