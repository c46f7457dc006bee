use sea_orm::entity::prelude::*;

/// A staff member works in a department (a handler may work in several).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "staff_department")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub staff_user_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub department_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
